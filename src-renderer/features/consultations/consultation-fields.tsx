// Labelled controls of the consultation form, each with its hint and its message (error or
// warning) next to it, tied to the control by aria-describedby; aria-invalid only for errors.
import type { ReactNode } from 'react';

export interface FieldMessage {
  readonly severity: 'error' | 'warning';
  readonly text: string;
}

interface FrameProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly message?: FieldMessage | undefined;
  readonly className?: string;
  readonly children: (described: { 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

function Frame({ id, label, hint, message, className, children }: FrameProps): ReactNode {
  const hintId = `${id}-hint`;
  const messageId = `${id}-message`;
  const describedBy = [hint === undefined ? undefined : hintId, message === undefined ? undefined : messageId].filter((x) => x !== undefined).join(' ');
  const state = message === undefined ? '' : message.severity === 'error' ? ' field-invalid' : ' field-warning';
  return (
    <div className={`field${state}${className === undefined ? '' : ` ${className}`}`}>
      <label htmlFor={id}>{label}</label>
      {hint === undefined ? null : (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {children({
        ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
        ...(message?.severity === 'error' ? { 'aria-invalid': true } : {}),
      })}
      {message === undefined ? null : (
        <p id={messageId} className={message.severity === 'error' ? 'field-error' : 'field-warning-text'}>
          {message.text}
        </p>
      )}
    </div>
  );
}

export interface InputFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: string | undefined;
  readonly message?: FieldMessage | undefined;
  /** 'decimal' shows a numeric keypad on touch screens; the value stays text as typed. */
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
  readonly className?: string;
  readonly list?: string;
}

export function InputField({ id, label, value, onChange, hint, message, inputMode = 'text', className, list }: InputFieldProps): ReactNode {
  return (
    <Frame id={id} label={label} hint={hint} message={message} {...(className === undefined ? {} : { className })}>
      {(described) => (
        <input
          id={id}
          type="text"
          inputMode={inputMode}
          value={value}
          autoComplete="off"
          list={list}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          {...described}
        />
      )}
    </Frame>
  );
}

export interface TextAreaFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint?: string | undefined;
  readonly message?: FieldMessage | undefined;
  readonly rows?: number;
}

export function TextAreaField({ id, label, value, onChange, hint, message, rows = 3 }: TextAreaFieldProps): ReactNode {
  return (
    <Frame id={id} label={label} hint={hint} message={message}>
      {(described) => (
        <textarea
          id={id}
          value={value}
          rows={rows}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          {...described}
        />
      )}
    </Frame>
  );
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export interface ChoiceFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly Choice[];
  readonly placeholder?: string;
  readonly hint?: string | undefined;
  readonly message?: FieldMessage | undefined;
}

export function ChoiceField({ id, label, value, onChange, options, placeholder, hint, message }: ChoiceFieldProps): ReactNode {
  return (
    <Frame id={id} label={label} hint={hint} message={message}>
      {(described) => (
        <select
          id={id}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          {...described}
        >
          {placeholder === undefined ? null : <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Frame>
  );
}
