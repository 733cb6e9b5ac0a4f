// Results as you type: each change of the text is parsed and looked up in the store through a
// LatestOnly runner (one search at a time, only the newest text waits, stale answers dropped).
// While a search runs, the previous results stay on screen (marked busy) rather than flashing away.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../../../session';
import { timed, patientsLog } from '../patients-log';
import { LatestOnly } from './latest-only';
import { searchPatients, type PatientSearchResult } from './search-patients';
import { parseSearchText, type PatientQuery } from './search-text';

export type PatientSearchState =
  | { readonly status: 'empty' }
  | { readonly status: 'incomplete-number'; readonly digits: number }
  | { readonly status: 'too-short' }
  | { readonly status: 'searching'; readonly text: string; readonly previous?: { readonly text: string; readonly result: PatientSearchResult } }
  | { readonly status: 'ready'; readonly text: string; readonly result: PatientSearchResult }
  | { readonly status: 'failed'; readonly text: string };

interface Asked {
  readonly text: string;
  readonly query: PatientQuery;
}

type Answer =
  | { readonly text: string; readonly key: string; readonly result: PatientSearchResult }
  | { readonly text: string; readonly key: string; readonly failed: true };

/** Texts that mean the same search ("pop", "pop ", "Pop") share one answer: no new lookup. */
const queryKey = (query: PatientQuery): string => JSON.stringify(query);

export function usePatientSearch(text: string): PatientSearchState {
  const { store } = useSession();
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const runner = useRef<LatestOnly<Asked, PatientSearchResult> | null>(null);
  const query = useMemo(() => parseSearchText(text, new Date().getFullYear()), [text]);

  useEffect(() => {
    const latest = new LatestOnly<Asked, PatientSearchResult>(
      async (asked) => {
        const { value, ms } = await timed(() => searchPatients(store, asked.query));
        patientsLog.debug('patient search', { kind: asked.query.kind, matches: value.total, ms });
        return value;
      },
      (asked, outcome) => {
        const key = queryKey(asked.query);
        if (outcome.ok) {
          setAnswer({ text: asked.text, key, result: outcome.value });
          return;
        }
        patientsLog.warn('patient search failed', { kind: asked.query.kind, reason: outcome.error instanceof Error ? outcome.error.name : 'unknown' });
        setAnswer({ text: asked.text, key, failed: true });
      },
    );
    runner.current = latest;
    return () => {
      latest.close();
      runner.current = null;
    };
  }, [store]);

  const key = queryKey(query);
  const answered = answer !== undefined && answer.key === key && !('failed' in answer);
  // Submitted even when there is nothing to look up, so an answer still on its way for an older
  // text is dropped; not submitted when the answer on screen already is this search's.
  useEffect(() => {
    if (!answered) runner.current?.submit({ text, query });
  }, [text, query, answered]);

  switch (query.kind) {
    case 'empty':
      return { status: 'empty' };
    case 'incomplete-number':
      return { status: 'incomplete-number', digits: query.digits };
    case 'too-short':
      return { status: 'too-short' };
    case 'cui':
    case 'criteria':
      if (answer?.key === key) return 'failed' in answer ? { status: 'failed', text } : { status: 'ready', text, result: answer.result };
      return answer === undefined || 'failed' in answer ? { status: 'searching', text } : { status: 'searching', text, previous: answer };
  }
}
