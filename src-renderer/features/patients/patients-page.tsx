// Find a patient (issue 6): one search box, results as you type, each result opening the chart.
// Keyboard: Down arrow from the box goes to the results, Up/Down move between them (Up from the
// first returns to the box), Home/End jump, Enter opens (a link), Escape clears the box. Enter in the
// box opens the only result when there is exactly one. The text is kept in the address (?q=, once
// typing pauses) so coming back from a chart shows the same results.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { Page } from '../../ui/page';
import { localToday } from './display-date';
import { PatientFacts } from './patient-facts';
import { summarizePatient, type PatientSummary } from './patient-summary';
import { usePatientSearch, type PatientSearchState } from './search/use-patient-search';
import './patients.css';

const ADDRESS_DELAY_MS = 400;

function shownResult(state: PatientSearchState) {
  if (state.status === 'ready') return { text: state.text, result: state.result };
  if (state.status === 'searching') return state.previous;
  return undefined;
}

/**
 * The text whose answer is on screen (the results container's data-query, which tests and the UI
 * benchmark wait on): the current text once answered, the previous one while a search runs.
 */
function answeredText(state: PatientSearchState, text: string): string | undefined {
  switch (state.status) {
    case 'empty':
    case 'incomplete-number':
    case 'too-short':
    case 'ready':
    case 'failed':
      return text;
    case 'searching':
      return state.previous?.text;
  }
}

export function PatientsPage(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // The box's own state, updated in the keystroke's event. The address (?q=) follows it so that
  // coming back from a chart shows the same search; it is not the box's source, because router
  // updates are transitions and a controlled input fed from one briefly shows the old text.
  const [text, setText] = useState(() => params.get('q') ?? '');
  const state = usePatientSearch(text);
  const prefix = useId();
  const inputId = `${prefix}-search`;
  const hintId = `${prefix}-hint`;
  const statusId = `${prefix}-status`;
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const shown = shownResult(state);
  const summaries: PatientSummary[] = useMemo(() => {
    const today = localToday(new Date());
    return (shown?.result.patients ?? []).map((p) => summarizePatient(p, today));
  }, [shown?.result]);

  // The address follows once typing pauses: a router navigation re-renders the whole shell, which
  // is not worth paying on every key.
  useEffect(() => {
    if ((params.get('q') ?? '') === text) return;
    const timer = setTimeout(() => {
      setParams(text === '' ? {} : { q: text }, { replace: true });
    }, ADDRESS_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [text, params, setParams]);

  const links = (): HTMLAnchorElement[] => [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.patient-result-link') ?? [])];

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      const first = links()[0];
      if (first !== undefined) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      const only = summaries.length === 1 && state.status === 'ready' ? summaries[0] : undefined;
      if (only !== undefined) void navigate(routeTo(ROUTES.chart, { patientId: only.id }));
    } else if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      setText('');
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    const all = links();
    const at = all.findIndex((a) => a === document.activeElement);
    if (at < 0) return;
    let next: HTMLElement | undefined;
    if (event.key === 'ArrowDown') next = all[Math.min(at + 1, all.length - 1)];
    else if (event.key === 'ArrowUp') next = at === 0 ? (inputRef.current ?? undefined) : all[at - 1];
    else if (event.key === 'Home') next = all[0];
    else if (event.key === 'End') next = all.at(-1);
    if (next === undefined) return;
    event.preventDefault();
    next.focus();
  };

  return (
    <Page title={t('patientsArea.title')}>
      <div className="patients-toolbar">
        <div className="field patients-search">
          <label htmlFor={inputId}>{t('patientsArea.search.label')}</label>
          <span id={hintId} className="hint">
            {t('patientsArea.search.hint')}
          </span>
          <input
            ref={inputRef}
            id={inputId}
            type="search"
            value={text}
            autoComplete="off"
            spellCheck={false}
            // The one thing to do on this page.
            autoFocus
            aria-describedby={`${hintId} ${statusId}`}
            onChange={(e) => {
              setText(e.target.value);
            }}
            onKeyDown={onInputKey}
          />
        </div>
        <div className="patients-register">
          <Link className="button" to={ROUTES.newPatient}>
            {t('patientsArea.search.register')}
          </Link>
        </div>
      </div>
      <p id={statusId} className="patients-status" role="status" aria-live="polite">
        <SearchStatus state={state} shownCount={summaries.length} />
      </p>
      <div className="patient-results-area" data-testid="patient-results" data-query={answeredText(state, text)} aria-busy={state.status === 'searching'}>
        {summaries.length === 0 ? null : (
          <>
            <p className="hint">{t('patientsArea.search.keyboardHint')}</p>
            <ul ref={listRef} className="patient-results" aria-label={t('patientsArea.search.resultsLabel')} onKeyDown={onListKey}>
              {summaries.map((s) => (
                <li key={s.id} className="patient-result">
                  <Link className="patient-result-link" to={routeTo(ROUTES.chart, { patientId: s.id })} aria-describedby={`${prefix}-${s.id}`}>
                    {s.fullName}
                  </Link>
                  <PatientFacts summary={s} id={`${prefix}-${s.id}`} />
                </li>
              ))}
            </ul>
          </>
        )}
        {state.status === 'ready' && state.result.total === 0 ? (
          <p>
            {t('patientsArea.search.noneHint')} <Link to={ROUTES.newPatient}>{t('patientsArea.search.register')}</Link>
          </p>
        ) : null}
      </div>
    </Page>
  );
}

function SearchStatus({ state, shownCount }: { state: PatientSearchState; shownCount: number }): ReactNode {
  const { t } = useTranslation();
  switch (state.status) {
    case 'empty':
      return t('patientsArea.search.empty');
    case 'incomplete-number':
      return t('patientsArea.search.incompleteNumber', { count: state.digits });
    case 'too-short':
      return t('patientsArea.search.tooShort');
    case 'searching':
      // Keep saying what is on screen while the next answer comes (no "searching" chatter per key).
      return state.previous === undefined ? t('patientsArea.search.searching') : <SearchStatus state={{ status: 'ready', ...state.previous }} shownCount={shownCount} />;
    case 'failed':
      return t('patientsArea.search.failed');
    case 'ready': {
      const { total } = state.result;
      if (total === 0) return t('patientsArea.search.none', { text: state.text.trim() });
      const found = t('patientsArea.search.found', { count: total });
      return total > shownCount ? `${found} ${t('patientsArea.search.partial', { shown: shownCount, count: total })}` : found;
    }
  }
}
