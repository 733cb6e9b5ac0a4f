// CIE-10 search as you type: an ARIA 1.2 combobox (input + listbox) over the lazily loaded index
// (src-core/fhir/terminology/load-cie10-index.ts: its own chunk, fetched on first focus).
// Accent- and case-insensitive ("diarrea", "DIARRÉA", "a09"); arrows move, Enter picks, Escape closes.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadCie10Index, type Cie10Index, type Cie10Match } from '../../../src-core/fhir/terminology';
import type { FieldMessage } from './consultation-fields';

const MIN_QUERY = 2;
const LIMIT = 12;

type IndexState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; index: Cie10Index } | { status: 'failed' };

export interface Cie10ComboboxProps {
  readonly id: string;
  readonly onPick: (match: Cie10Match) => void;
  readonly message?: FieldMessage | undefined;
}

export function Cie10Combobox({ id, onPick, message }: Cie10ComboboxProps): ReactNode {
  const { t } = useTranslation();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [index, setIndex] = useState<IndexState>({ status: 'idle' });

  const ensureIndex = (): void => {
    if (index.status === 'loading' || index.status === 'ready') return;
    setIndex({ status: 'loading' });
    loadCie10Index().then(
      (loaded) => {
        setIndex({ status: 'ready', index: loaded });
      },
      () => {
        setIndex({ status: 'failed' });
      },
    );
  };

  const trimmed = query.trim();
  const matches = useMemo(
    () => (index.status === 'ready' && trimmed.length >= MIN_QUERY ? index.index.search(trimmed, { limit: LIMIT }) : []),
    [index, trimmed],
  );

  const expanded = open && matches.length > 0;
  const optionId = (i: number): string => `${listId}-option-${String(i)}`;
  const listRef = useRef<HTMLUListElement>(null);

  // At 1366×768 the list can open below the fold: bring it, and then the active option, into view.
  useEffect(() => {
    if (expanded) listRef.current?.scrollIntoView({ block: 'nearest' });
  }, [expanded]);
  useEffect(() => {
    if (expanded) listRef.current?.children.item(active)?.scrollIntoView({ block: 'nearest' });
  }, [expanded, active]);

  const pick = (match: Cie10Match): void => {
    onPick(match);
    setQuery('');
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((a) => (matches.length === 0 ? 0 : (a + 1) % matches.length));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        setActive((a) => (matches.length === 0 ? 0 : (a - 1 + matches.length) % matches.length));
        break;
      case 'Enter': {
        const match = expanded ? matches[active] : undefined;
        // Enter inside the form never submits it from here: it picks, or does nothing.
        event.preventDefault();
        if (match !== undefined) pick(match);
        break;
      }
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
        }
        break;
      default:
        break;
    }
  };

  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const messageId = `${id}-message`;
  let status = '';
  if (index.status === 'loading') status = t('consultationsArea.diagnoses.loadingIndex');
  else if (index.status === 'failed') status = t('consultationsArea.diagnoses.indexError');
  else if (index.status === 'ready' && trimmed.length >= MIN_QUERY)
    status = matches.length === 0 ? t('consultationsArea.diagnoses.noResults', { query: trimmed }) : t('consultationsArea.diagnoses.results', { count: matches.length });

  return (
    <div className={`field cie10${message === undefined ? '' : message.severity === 'error' ? ' field-invalid' : ' field-warning'}`}>
      <label htmlFor={id}>{t('consultationsArea.diagnoses.search')}</label>
      <span id={hintId} className="hint">
        {t('consultationsArea.diagnoses.searchHint')}
      </span>
      <div className="cie10-box">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? optionId(active) : undefined}
          aria-describedby={[hintId, statusId, message === undefined ? '' : messageId].filter((x) => x !== '').join(' ')}
          {...(message?.severity === 'error' ? { 'aria-invalid': true } : {})}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onFocus={ensureIndex}
          onChange={(e) => {
            ensureIndex();
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onBlur={() => {
            setOpen(false);
          }}
          onKeyDown={onKeyDown}
        />
        <ul ref={listRef} id={listId} role="listbox" aria-label={t('consultationsArea.diagnoses.search')} className="cie10-list" hidden={!expanded}>
          {matches.map((m, i) => (
            <li
              key={m.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'cie10-option cie10-option-active' : 'cie10-option'}
              // mousedown, not click: it comes before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              <span className="cie10-code">{m.code}</span> {m.display}
            </li>
          ))}
        </ul>
      </div>
      <p id={statusId} className="hint" role="status" aria-live="polite">
        {status}
      </p>
      {message === undefined ? null : (
        <p id={messageId} className={message.severity === 'error' ? 'field-error' : 'field-warning-text'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
