// The in-process complement of the browser crash test (test/browser/sync-crash.test.ts): the
// representative two-post round of the per-request fault suite (test/harness/sync-fault-round.ts),
// plus an observation the server refuses on post B (needs attention), with post A's or post B's run stopped at the first and at the last entry into each state of the
// machine by a transition hook that throws — the engine's documented stand-in for a crash: nothing
// more is written, not even the run's outcome. The store object survives, as a persisted store
// would. After fault-free runs until nothing moves, everything must be exactly as after the
// fault-free round (content, server versions, counts), with no conflict and nothing pending but
// the refused observation. Fast
// (memory store, no browser); the real kill of a worker over IndexedDB is the browser test.
import { describe, expect, it } from 'vitest';
import type { SyncStateName } from '../../src-core/sync';
import { SYNC_STATE_NAMES } from '../../src-core/sync';
import type { PostName } from '../harness/sync-fault-round';
import { POSTS, prepareRound, settle, snapshot } from '../harness/sync-fault-round';
import { recordReference } from '../harness/sync-fault-suite';

/** Entries into each state during each post's run of the fault-free round. */
async function stateVisits(): Promise<Record<PostName, Map<SyncStateName, number>>> {
  const round = await prepareRound({ poison: true });
  try {
    const visits = { a: new Map<SyncStateName, number>(), b: new Map<SyncStateName, number>() };
    for (const post of POSTS) {
      const off = round.devices[post].engine.onTransition((t) => {
        visits[post].set(t.to.name, (visits[post].get(t.to.name) ?? 0) + 1);
      });
      await round.devices[post].engine.run();
      off();
    }
    return visits;
  } finally {
    await round.close();
  }
}

const reference = await recordReference({ poison: true });
const visits = await stateVisits();

class Crash extends Error {}

describe('sync crash in process: a run stopped at each state, then runs until nothing moves', () => {
  it('the round passes through every state of the machine on each post', () => {
    // Post B's run has them all; post A's meets no refused entry and no merge.
    expect(SYNC_STATE_NAMES.filter((s) => !visits.b.has(s))).toEqual([]);
    expect(SYNC_STATE_NAMES.filter((s) => !visits.a.has(s))).toEqual(['recording-attention', 'merging']);
    expect([reference.snapshot.attention, reference.snapshot.pending, reference.snapshot.conflicts]).toEqual([{ a: 0, b: 1 }, { a: 0, b: 1 }, { a: 0, b: 0 }]);
  });

  const cases = POSTS.flatMap((post) =>
    SYNC_STATE_NAMES.flatMap((state) => {
      const n = visits[post].get(state) ?? 0;
      return [...new Set(n === 0 ? [] : [1, n])].map((occurrence) => ({ name: `post ${post.toUpperCase()} at ${state} #${String(occurrence)}`, post, state, occurrence }));
    }),
  );
  it.each(cases)('$name', async ({ post, state, occurrence }) => {
    const round = await prepareRound({ poison: true });
    try {
      let seen = 0;
      const off = round.devices[post].engine.onTransition((t) => {
        if (t.to.name === state && ++seen === occurrence) throw new Crash(`stopped at ${state}`);
      });
      for (const p of POSTS) {
        if (p === post) await expect(round.devices[p].engine.run()).rejects.toBeInstanceOf(Crash);
        else expect((await round.devices[p].engine.run()).outcome).toBe('succeeded');
      }
      off();
      const settled = await settle(round);
      expect(settled.filter((r) => r.conflicts > 0)).toEqual([]);
      expect(await snapshot(round)).toEqual(reference.snapshot);
    } finally {
      await round.close();
    }
  });
});
