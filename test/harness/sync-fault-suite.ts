// The per-request fault suite (issue 5, acceptance "for every request of a sync run, a connection
// cut at that request … followed by a new run ends with the server and the client holding exactly
// the same resources, no duplicates, nothing lost"). One fault kind per test file, so the two
// kinds run in two workers (this machine has two cores).
//
// A fault-free round (sync-fault-round.ts) is recorded first: the requests each post sends and
// the state everything settles to. Then, for every request index i of each post's run, a fresh
// server and fresh posts replay the round with the connection cut at request i, in two modes:
//   blip       only request i is cut: the transport retries (all sync requests are idempotent)
//              and the run itself must end well;
//   link-down  request i is cut and so is every later request of that post's run (the link
//              dropped): the run ends "failed, retry later" at request i, the other post runs as
//              usual, and the next runs must finish the job.
// After the faulted round, fault-free runs of both posts until nothing moves; then server and both
// posts must hold exactly what the fault-free round ended with — the same resources with the same
// content and the same server versionId (a re-sent write that made a second version would show),
// the same `_summary=count` per type — with nothing pending, no conflict and no needs-attention
// item on either post.
import { describe, expect, it } from 'vitest';
import type { FaultAction } from './fault-proxy';
import type { PostName, Round, RoundOptions, RoundSnapshot } from './sync-fault-round';
import { POSTS, fixedId, prepareRound, requestKey, runRound, settle, snapshot } from './sync-fault-round';

export type CutKind = Extract<FaultAction['kind'], 'reset-before' | 'reset-after-commit'>;
type Mode = 'blip' | 'link-down';

const PASS: FaultAction = { kind: 'pass' };

export interface Reference {
  readonly requests: Readonly<Record<PostName, readonly string[]>>;
  readonly snapshot: RoundSnapshot;
}

/** The round's requests per post (from its proxy's log) and where everything settles. */
export async function recordReference(options: RoundOptions = {}): Promise<Reference> {
  const round = await prepareRound(options);
  try {
    const results = await runRound(round);
    for (const post of POSTS) {
      if (results[post].outcome !== 'succeeded') throw new Error(`reference round: ${post} ended ${results[post].outcome}`);
    }
    const requests = roundRequests(round);
    await settle(round);
    return { requests, snapshot: await snapshot(round) };
  } finally {
    await round.close();
  }
}

function roundRequests(round: Round): Record<PostName, string[]> {
  const of = (post: PostName): string[] => round.proxies[post].log.filter((q) => q.index >= round.startIndex[post]).map(requestKey);
  return { a: of('a'), b: of('b') };
}

const live = (snap: RoundSnapshot, key: string): string | undefined => snap.server.find((s) => s.startsWith(`${key}@`));

export function defineFaultPerRequestSuite(kind: CutKind, reference: Reference): void {
  const cut = kind === 'reset-before' ? 'cut before the request reaches the server' : 'cut after the server answered, before the reply arrives';

  describe(`a sync round, connection ${cut}, at every request`, () => {
    it('the fault-free round does what it should: several transactions and pages, a merge, every write and delete on every side', () => {
      const { requests, snapshot: snap } = reference;
      // A's 12 changes in 4 transactions; B's push meets a 412, reads the server copy and merges.
      expect(requests.a.filter((r) => r.startsWith('POST')).length).toBeGreaterThanOrEqual(4);
      expect(requests.b.some((r) => r === `GET /Patient/${fixedId(1)}`)).toBe(true);
      for (const post of POSTS) {
        expect(requests[post].filter((r) => r.includes('_getpages')).length).toBeGreaterThanOrEqual(4);
        expect(requests[post].some((r) => r.includes('/_history'))).toBe(true);
      }
      // Everything agrees, nothing waits.
      expect(snap.devices.a).toEqual(snap.server);
      expect(snap.devices.b).toEqual(snap.server);
      expect([snap.pending, snap.conflicts, snap.attention]).toEqual([{ a: 0, b: 0 }, { a: 0, b: 0 }, { a: 0, b: 0 }]);
      // Nothing lost: every create, both sides of the merged edit, the central edits; every delete done.
      for (const n of [1, 2, 4, 6, 7, 8, 9, 10, 11, 20, 50]) expect(live(snap, `Patient/${fixedId(n)}`)).toBeDefined();
      for (const n of [102, 103, 105, 106, 107]) expect(live(snap, `Observation/${fixedId(n)}`)).toBeDefined();
      for (const key of [`Patient/${fixedId(3)}`, `Patient/${fixedId(5)}`, `Observation/${fixedId(101)}`, `Observation/${fixedId(104)}`]) {
        expect(live(snap, key)).toBeUndefined();
      }
      expect(live(snap, `Patient/${fixedId(1)}`)).toMatch(/"gender":"other".*"telecom":\[\{"system":"phone","value":"5555-0101"\}\]/);
      expect(live(snap, `Patient/${fixedId(2)}`)).toContain('"birthDate":"1970-01-01"');
      expect(live(snap, `Patient/${fixedId(4)}`)).toContain('"gender":"male"');
      expect(live(snap, `Patient/${fixedId(6)}`)).toContain('"active":true');
      expect(snap.serverCounts).toEqual({ Patient: 11, Observation: 5 });
      expect(snap.serverVersions).toHaveLength(16);
    });

    const cases = POSTS.flatMap((post) =>
      reference.requests[post].flatMap((request, index) =>
        (['blip', 'link-down'] as const).map((mode) => ({ name: `${mode}: post ${post.toUpperCase()}, request ${String(index)}: ${request}`, post, index, request, mode })),
      ),
    );
    it.each(cases)('$name', async ({ post, index, request, mode }) => {
      const round = await prepareRound();
      try {
        await faultedRound(round, post, index, mode);
        const hit = round.proxies[post].log.find((q) => q.index === round.startIndex[post] + index);
        expect(hit && requestKey(hit)).toBe(request);
        expect(hit?.action).toBe(kind);
        const settled = await settle(round);
        expect(settled.filter((r) => r.conflicts > 0 || r.attention > 0)).toEqual([]);
        expect(await snapshot(round)).toEqual(reference.snapshot);
      } finally {
        await round.close();
      }
    });
  });

  async function faultedRound(round: Round, post: PostName, index: number, mode: Mode): Promise<void> {
    const target = round.startIndex[post] + index;
    const down: FaultAction = { kind: 'reset-before' };
    round.proxies[post].plan((q) => (q.index === target ? { kind } : mode === 'link-down' && q.index > target ? down : PASS));
    const results = await runRound(round);
    round.proxies[post].plan(() => PASS);
    const other: PostName = post === 'a' ? 'b' : 'a';
    // One cut is retried within the run; a dropped link ends it for later. Never a person's problem.
    expect(results[post].outcome).toBe(mode === 'blip' ? 'succeeded' : 'failed');
    expect(results[other].outcome).toBe('succeeded');
    for (const p of POSTS) expect([results[p].conflicts, results[p].attention]).toEqual([0, 0]);
  }
}

