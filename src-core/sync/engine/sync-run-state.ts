// The sync run as an explicit state machine (STYLE §6): named states, named events, and a pure
// transition function. The engine (sync-engine.ts and the phases) does the work of each state and
// reports what happened as an event; this file decides which state comes next and refuses any
// event the current state cannot receive, so a wrong step in the engine fails loudly in tests
// instead of silently skipping work.
//
//   idle ─start→ locking ─busy→ idle
//   locking ─locked→ planning-push ─batch-ready→ sending ─committed→ recording-acks ─acks-recorded→ planning-push
//                                                sending ─entry-refused→ recording-attention ─attention-recorded→ planning-push
//                                                sending ─conflict→ merging ─merge-done→ planning-push
//   planning-push ─conflict→ merging (an upload whose reply was lost, found on the server)
//                                                merging ─entry-refused→ recording-attention (not a version conflict)
//                                                sending ─batch-ready→ sending (a refused batch split in two)
//   planning-push ─round-done→ planning-push (outbox read again) ─outbox-done→ counting (pull) | finishing (settle)
//   counting ─type-started→ counting ─counted→ fetching-page ─page-received→ applying-page ─page-applied→ fetching-page
//   applying-page ─conflict→ merging ─merge-done→ applying-page;  fetching-page ─restart-type→ counting (paging expired)
//   fetching-page ─pages-done→ fetching-deletes ─deletes-received→ applying-deletes ─deletes-applied→ fetching-deletes
//   fetching-deletes ─type-done→ counting (next type) | planning-push (settle push: the pull merged local
//   changes) | finishing
//   any active state ─failed | cancelled→ finishing ─finished→ idle
//
// Every state is a point where the process can die: all progress lives in the store (outbox
// acknowledgements, watermarks), written in the same local transaction as the data it describes,
// so a new run from `idle` converges from wherever the last one stopped.
import { OutcomeError, errorOutcome } from '../../fhir/outcome';

export type SyncStateName =
  | 'idle'
  /** Waiting for the sync lock (one run per device, across windows). */
  | 'locking'
  /** Reading the outbox and choosing the next batch to send. */
  | 'planning-push'
  /** A transaction is on its way to the server. */
  | 'sending'
  /** The server committed a transaction; its versions are being written back (markSent). */
  | 'recording-acks'
  /** One entry the server refused is being put on the needs-attention list. */
  | 'recording-attention'
  /** A version conflict: reading the server's copy, merging, then rebasing or recording a conflict. */
  | 'merging'
  /** Asking the server how many resources of a type changed (progress totals). */
  | 'counting'
  /** Waiting for a search page. */
  | 'fetching-page'
  /** Writing a page and its watermark in one local transaction. */
  | 'applying-page'
  /** Waiting for a history page (deletes). */
  | 'fetching-deletes'
  /** Writing the deletes of a history page (and, on the last page, the history watermark). */
  | 'applying-deletes'
  /** Writing the run's outcome (last run, last success) to the store. */
  | 'finishing';

export type SyncPhase = 'push' | 'pull' | 'settle';

export interface SyncRunState {
  readonly name: SyncStateName;
  /** push: first push; pull; settle: the push after a pull that merged local changes. */
  readonly phase?: SyncPhase;
  /** The type being pulled. */
  readonly resourceType?: string;
  /** Where `merging` returns to. */
  readonly resume?: SyncStateName;
  /** Set on the way to `finishing`. */
  readonly ending?: 'completed' | 'failed' | 'cancelled';
}

export type SyncRunEvent =
  | { readonly type: 'start' }
  | { readonly type: 'locked' }
  /** Another holder has the lock (another window, a worker): this run does nothing. */
  | { readonly type: 'busy' }
  | { readonly type: 'batch-ready'; readonly entries: number; readonly bytes: number }
  | { readonly type: 'committed'; readonly entries: number }
  | { readonly type: 'acks-recorded' }
  | { readonly type: 'entry-refused'; readonly resourceType: string; readonly id: string }
  | { readonly type: 'attention-recorded' }
  | { readonly type: 'conflict'; readonly resourceType: string; readonly id: string }
  | { readonly type: 'merge-done' }
  /** A push round ended; the outbox is read again. */
  | { readonly type: 'round-done' }
  /** Nothing (more) to push in this phase. */
  | { readonly type: 'outbox-done' }
  | { readonly type: 'type-started'; readonly resourceType: string }
  | { readonly type: 'counted'; readonly total: number }
  | { readonly type: 'page-received'; readonly entries: number }
  | { readonly type: 'page-applied' }
  | { readonly type: 'pages-done' }
  /** The paging of a type expired on the server: its pull starts again from the watermark. */
  | { readonly type: 'restart-type' }
  | { readonly type: 'deletes-received'; readonly entries: number }
  | { readonly type: 'deletes-applied' }
  | { readonly type: 'type-done'; readonly next: 'next-type' | 'settle' | 'finish' }
  | { readonly type: 'failed' }
  | { readonly type: 'cancelled' }
  | { readonly type: 'finished' };

export type SyncRunEventType = SyncRunEvent['type'];

export const IDLE: SyncRunState = { name: 'idle' };

const ACTIVE: readonly SyncStateName[] = [
  'locking',
  'planning-push',
  'sending',
  'recording-acks',
  'recording-attention',
  'merging',
  'counting',
  'fetching-page',
  'applying-page',
  'fetching-deletes',
  'applying-deletes',
];

/** Thrown for an event the current state cannot receive: a bug in the engine, never a sync failure. */
export function illegalTransition(state: SyncRunState, event: SyncRunEvent): OutcomeError {
  return new OutcomeError(errorOutcome('exception', `sync state machine: event '${event.type}' is not allowed in state '${state.name}'`));
}

const at = (state: SyncRunState, name: SyncStateName, extra: Partial<SyncRunState> = {}): SyncRunState => {
  const next: SyncRunState = { name, ...(state.phase === undefined ? {} : { phase: state.phase }), ...extra };
  if (name !== 'counting' && name !== 'fetching-page' && name !== 'applying-page' && name !== 'fetching-deletes' && name !== 'applying-deletes' && name !== 'merging') {
    return next;
  }
  return state.resourceType === undefined || 'resourceType' in extra ? next : { ...next, resourceType: state.resourceType };
};

/** The next state, or an OutcomeError when `event` cannot happen in `state`. */
export function transition(state: SyncRunState, event: SyncRunEvent): SyncRunState {
  const s = state.name;
  const illegal = (): never => {
    throw illegalTransition(state, event);
  };
  switch (event.type) {
    case 'start':
      return s === 'idle' ? { name: 'locking' } : illegal();
    case 'locked':
      return s === 'locking' ? { name: 'planning-push', phase: 'push' } : illegal();
    case 'busy':
      return s === 'locking' ? IDLE : illegal();
    case 'batch-ready':
      // From planning, or from `sending` when a refused batch is split in two.
      return s === 'planning-push' || s === 'sending' ? at(state, 'sending') : illegal();
    case 'committed':
      return s === 'sending' ? at(state, 'recording-acks') : illegal();
    case 'acks-recorded':
      return s === 'recording-acks' ? at(state, 'planning-push') : illegal();
    case 'entry-refused':
      // From `merging` when the server still holds our base: the 409/412 was not about versions.
      return s === 'sending' || (s === 'merging' && state.resume === 'planning-push') ? at(state, 'recording-attention') : illegal();
    case 'attention-recorded':
      return s === 'recording-attention' ? at(state, 'planning-push') : illegal();
    case 'conflict':
      // From planning-push: an upload whose reply was lost is found on the server (in-flight-uploads.ts).
      if (s === 'sending' || s === 'planning-push') return at(state, 'merging', { resume: 'planning-push' });
      if (s === 'applying-page' || s === 'applying-deletes') return at(state, 'merging', { resume: s });
      return illegal();
    case 'merge-done':
      return s === 'merging' && state.resume !== undefined ? at(state, state.resume) : illegal();
    case 'round-done':
      return s === 'planning-push' ? state : illegal();
    case 'outbox-done':
      if (s !== 'planning-push') return illegal();
      return state.phase === 'push' ? { name: 'counting', phase: 'pull' } : { name: 'finishing', phase: state.phase ?? 'settle', ending: 'completed' };
    case 'type-started':
      return s === 'counting' && state.phase === 'pull' ? { name: 'counting', phase: 'pull', resourceType: event.resourceType } : illegal();
    case 'counted':
      return s === 'counting' && state.resourceType !== undefined ? at(state, 'fetching-page') : illegal();
    case 'page-received':
      return s === 'fetching-page' ? at(state, 'applying-page') : illegal();
    case 'page-applied':
      return s === 'applying-page' ? at(state, 'fetching-page') : illegal();
    case 'pages-done':
      return s === 'fetching-page' ? at(state, 'fetching-deletes') : illegal();
    case 'restart-type':
      if (s === 'fetching-page') return at(state, 'counting');
      return s === 'fetching-deletes' ? state : illegal();
    case 'deletes-received':
      return s === 'fetching-deletes' ? at(state, 'applying-deletes') : illegal();
    case 'deletes-applied':
      return s === 'applying-deletes' ? at(state, 'fetching-deletes') : illegal();
    case 'type-done':
      // From `counting` only when the scope has no type at all.
      if (s !== 'fetching-deletes' && !(s === 'counting' && state.resourceType === undefined)) return illegal();
      return afterType(event.next);
    case 'failed':
      return ACTIVE.includes(s) ? at(state, 'finishing', { ending: 'failed' }) : illegal();
    case 'cancelled':
      return ACTIVE.includes(s) ? at(state, 'finishing', { ending: 'cancelled' }) : illegal();
    case 'finished':
      return s === 'finishing' ? IDLE : illegal();
  }
}

function afterType(next: 'next-type' | 'settle' | 'finish'): SyncRunState {
  switch (next) {
    case 'next-type':
      return { name: 'counting', phase: 'pull' };
    case 'settle':
      return { name: 'planning-push', phase: 'settle' };
    case 'finish':
      return { name: 'finishing', phase: 'pull', ending: 'completed' };
  }
}

/** Every state name, for tests that walk the machine and for crash tests that stop at each one. */
export const SYNC_STATE_NAMES: readonly SyncStateName[] = ['idle', ...ACTIVE, 'finishing'];
