// Labelled controls with their hint and their error next to them, tied to the control by
// aria-describedby and aria-invalid (the same approach as the account forms of src-renderer/session,
// kept here so this feature does not reach into the session layer's internals).
import type { ChangeEvent, ReactNode } from 'react';

interface FrameProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly children: (described: { 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

function FieldFrame({ id, label, hint, error, children }: FrameProps): ReactNode {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint === undefined ? undefined : hintId, error === undefined ? undefined : errorId].filter((x) => x !== undefined).join(' ');
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      {hint === undefined ? null : (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {children({ ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }), ...(error === undefined ? {} : { 'aria-invalid': true }) })}
      {error === undefined ? null : (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly inputMode?: 'text' | 'numeric';
  readonly placeholder?: string;
  readonly autoComplete?: string;
}

export function TextField({ id, label, value, onChange, hint, error, inputMode, placeholder, autoComplete = 'off' }: TextFieldProps): ReactNode {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(described) => (
        <input
          id={id}
          type="text"
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          autoComplete={autoComplete}
          spellCheck={false}
          onChange={(e: ChangeEvent<HTMLInputElement>) => {
            onChange(e.target.value);
          }}
          {...described}
        />
      )}
    </FieldFrame>
  );
}

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly SelectOption[];
  /** The first, empty option. */
  readonly placeholder: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly disabled?: boolean;
}

export function SelectField({ id, label, value, onChange, options, placeholder, hint, error, disabled }: SelectFieldProps): ReactNode {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(described) => (
        <select
          id={id}
          value={value}
          disabled={disabled}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => {
            onChange(e.target.value);
          }}
          {...described}
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
