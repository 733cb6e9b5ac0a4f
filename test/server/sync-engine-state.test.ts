// The sync run state machine (STYLE §6), walked by hand: the paths a run takes, and the events
// each state refuses. Pure; no server.
import { describe, expect, it } from 'vitest';
import type { SyncRunEvent, SyncRunState, SyncStateName } from '../../src-core/sync';
import { IDLE, SYNC_STATE_NAMES, transition } from '../../src-core/sync';

function walk(events: readonly SyncRunEvent[], from: SyncRunState = IDLE): SyncRunState[] {
  const states: SyncRunState[] = [];
  let state = from;
  for (const event of events) {
    state = transition(state, event);
    states.push(state);
  }
  return states;
}

const names = (states: readonly SyncRunState[]): string[] => states.map((s) => (s.resourceType === undefined ? s.name : `${s.name}:${s.resourceType}`));

const PUSH_ONE_BATCH: SyncRunEvent[] = [
  { type: 'start' },
  { type: 'locked' },
  { type: 'batch-ready', entries: 3, bytes: 900 },
  { type: 'committed', entries: 3 },
  { type: 'acks-recorded' },
  { type: 'outbox-done' },
];

const PULL_PATIENTS: SyncRunEvent[] = [
  { type: 'type-started', resourceType: 'Patient' },
  { type: 'counted', total: 2 },
  { type: 'page-received', entries: 2 },
  { type: 'page-applied' },
  { type: 'pages-done' },
  { type: 'deletes-received', entries: 1 },
  { type: 'deletes-applied' },
];

describe('sync run state machine', () => {
  it('walks a whole run: lock, push one batch, pull a type with a page and its deletes, finish', () => {
    const states = walk([...PUSH_ONE_BATCH, ...PULL_PATIENTS, { type: 'type-done', next: 'finish' }, { type: 'finished' }]);
    expect(names(states)).toEqual([
      'locking',
      'planning-push',
      'sending',
      'recording-acks',
      'planning-push',
      'counting',
      'counting:Patient',
      'fetching-page:Patient',
      'applying-page:Patient',
      'fetching-page:Patient',
      'fetching-deletes:Patient',
      'applying-deletes:Patient',
      'fetching-deletes:Patient',
      'finishing',
      'idle',
    ]);
    expect(states.at(-2)).toMatchObject({ ending: 'completed' });
  });

  it('goes to the next type, and to a settle push when the pull merged local edits', () => {
    const states = walk([
      ...PUSH_ONE_BATCH,
      ...PULL_PATIENTS,
      { type: 'type-done', next: 'next-type' },
      { type: 'type-started', resourceType: 'Observation' },
      { type: 'counted', total: 0 },
      { type: 'pages-done' },
      { type: 'type-done', next: 'settle' },
      { type: 'batch-ready', entries: 1, bytes: 300 },
      { type: 'committed', entries: 1 },
      { type: 'acks-recorded' },
      { type: 'outbox-done' },
    ]);
    expect(names(states.slice(-9))).toEqual([
      'counting',
      'counting:Observation',
      'fetching-page:Observation',
      'fetching-deletes:Observation',
      'planning-push',
      'sending',
      'recording-acks',
      'planning-push',
      'finishing',
    ]);
    expect(states.at(-1)).toMatchObject({ name: 'finishing', phase: 'settle', ending: 'completed' });
  });

  it('splits a refused batch, isolates one entry to needs attention, and merges a conflict, returning to planning each time', () => {
    const states = walk([
      { type: 'start' },
      { type: 'locked' },
      { type: 'batch-ready', entries: 4, bytes: 1200 },
      { type: 'batch-ready', entries: 2, bytes: 600 },
      { type: 'committed', entries: 2 },
      { type: 'acks-recorded' },
      { type: 'batch-ready', entries: 1, bytes: 300 },
      { type: 'entry-refused', resourceType: 'Observation', id: 'x' },
      { type: 'attention-recorded' },
      { type: 'batch-ready', entries: 1, bytes: 300 },
      { type: 'conflict', resourceType: 'Patient', id: 'y' },
      { type: 'merge-done' },
      { type: 'round-done' },
      { type: 'batch-ready', entries: 1, bytes: 310 },
    ]);
    expect(names(states)).toEqual([
      'locking',
      'planning-push',
      'sending',
      'sending',
      'recording-acks',
      'planning-push',
      'sending',
      'recording-attention',
      'planning-push',
      'sending',
      'merging',
      'planning-push',
      'planning-push',
      'sending',
    ]);
  });

  it('merges during the pull and comes back to the state it left', () => {
    const base = walk([...PUSH_ONE_BATCH, { type: 'type-started', resourceType: 'Patient' }, { type: 'counted', total: 1 }, { type: 'page-received', entries: 1 }]).at(-1) ?? IDLE;
    const states = walk([{ type: 'conflict', resourceType: 'Patient', id: 'z' }, { type: 'merge-done' }, { type: 'page-applied' }], base);
    expect(names(states)).toEqual(['merging:Patient', 'applying-page:Patient', 'fetching-page:Patient']);
  });

  it('restarts an expired search from counting, and an expired history in place', () => {
    const fetching = walk([...PUSH_ONE_BATCH, { type: 'type-started', resourceType: 'Patient' }, { type: 'counted', total: 5 }]).at(-1) ?? IDLE;
    expect(names(walk([{ type: 'restart-type' }, { type: 'counted', total: 5 }], fetching))).toEqual(['counting:Patient', 'fetching-page:Patient']);
    const deletes = walk([{ type: 'pages-done' }], fetching).at(-1) ?? IDLE;
    expect(transition(deletes, { type: 'restart-type' })).toEqual(deletes);
  });

  it('fails or is cancelled from every active state into finishing, then idle', () => {
    const reachable = new Map<SyncStateName, SyncRunState>();
    const record = (states: SyncRunState[]): void => {
      for (const s of states) if (!reachable.has(s.name)) reachable.set(s.name, s);
    };
    record(walk([...PUSH_ONE_BATCH, ...PULL_PATIENTS]));
    record(walk([{ type: 'start' }, { type: 'locked' }, { type: 'batch-ready', entries: 1, bytes: 1 }, { type: 'entry-refused', resourceType: 'Patient', id: 'a' }]));
    record(walk([{ type: 'start' }, { type: 'locked' }, { type: 'batch-ready', entries: 1, bytes: 1 }, { type: 'conflict', resourceType: 'Patient', id: 'a' }]));
    // Every named state is reachable by some run.
    record(walk([...PUSH_ONE_BATCH, { type: 'type-done', next: 'finish' }]));
    expect([...reachable.keys(), 'idle'].sort()).toEqual([...SYNC_STATE_NAMES].sort());
    for (const state of reachable.values()) {
      if (state.name === 'finishing' || state.name === 'idle') continue;
      for (const type of ['failed', 'cancelled'] as const) {
        const end = transition(state, { type });
        expect(end).toMatchObject({ name: 'finishing', ending: type === 'failed' ? 'failed' : 'cancelled' });
        expect(transition(end, { type: 'finished' })).toEqual(IDLE);
      }
    }
  });

  it('refuses events a state cannot receive, naming both', () => {
    const cases: [SyncRunState, SyncRunEvent][] = [
      [IDLE, { type: 'locked' }],
      [IDLE, { type: 'failed' }],
      [{ name: 'planning-push', phase: 'push' }, { type: 'committed', entries: 1 }],
      [{ name: 'sending', phase: 'push' }, { type: 'page-applied' }],
      [{ name: 'fetching-page', phase: 'pull', resourceType: 'Patient' }, { type: 'batch-ready', entries: 1, bytes: 1 }],
      [{ name: 'merging', phase: 'push' }, { type: 'merge-done' }],
      [{ name: 'counting', phase: 'pull', resourceType: 'Patient' }, { type: 'type-done', next: 'finish' }],
      [{ name: 'finishing', ending: 'completed' }, { type: 'start' }],
    ];
    for (const [state, event] of cases) {
      expect(() => transition(state, event)).toThrow(`event '${event.type}' is not allowed in state '${state.name}'`);
    }
  });
});
