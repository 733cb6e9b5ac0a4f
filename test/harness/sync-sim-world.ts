// The world of the sync convergence property test (issue 5): one fresh reference central server,
// 2–3 simulated health posts (each its own store, engine and faulty link), and the lineage of
// every write they make (sync-lineage.ts). Steps are applied one at a time; `quiesce` runs every
// post fault-free until nothing moves, resolving conflicts as a person would (at random); then
// `problems` lists everything that is not as it must be. An empty list is the property.
import type { Patient } from '@medplum/fhirtypes';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { sameBody } from '../../src-core/sync/engine/settle-remote';
import type { ConflictChoice, SyncRunResult } from '../../src-core/sync';
import { CentralFixture } from '../server/central-fixture';
import type { Device, StoreKind } from '../server/sync-engine-rig';
import { contents, openDevice, serverContents } from '../server/sync-engine-rig';
import type { Field } from './sync-lineage';
import { Lineage, withToken } from './sync-lineage';
import type { FaultyLink, LinkFault } from './sync-faulty-link';
import { openFaultyLink } from './sync-faulty-link';

export interface PostSpec {
  readonly store: StoreKind;
  /** The transport's attempts per request (1: any fault ends the run). */
  readonly attempts: number;
}

export type EditOp =
  | { readonly kind: 'create' }
  | { readonly kind: 'update'; readonly pick: number; readonly field: Field }
  | { readonly kind: 'delete'; readonly pick: number };

export type Step =
  | (EditOp & { readonly post: number })
  | {
      readonly kind: 'sync';
      readonly post: number;
      /** Faults by request index within this run. */
      readonly faults: readonly { readonly at: number; readonly fault: LinkFault }[];
      /** An edit made while the run is under way, at its `at`-th state transition. */
      readonly during: { readonly at: number; readonly op: EditOp } | null;
    }
  | { readonly kind: 'resolve'; readonly post: number };

export interface WorldStats {
  runs: number;
  failedRuns: number;
  merged: number;
  conflicts: number;
  resolutions: number;
  editsDuringRuns: number;
  /** Field-by-field resolutions refused because the record's paths were out of date. */
  staleConflictPaths: number;
  readonly faults: Record<LinkFault, number>;
}

export const emptyStats = (): WorldStats => ({
  runs: 0,
  failedRuns: 0,
  merged: 0,
  conflicts: 0,
  resolutions: 0,
  editsDuringRuns: 0,
  staleConflictPaths: 0,
  faults: { 'reset-before': 0, 'reset-after-commit': 0, 'busy-503': 0, 'timeout-before': 0, 'timeout-after': 0 },
});

/** `into` += `from`. */
export function addStats(into: WorldStats, from: WorldStats): void {
  for (const key of ['runs', 'failedRuns', 'merged', 'conflicts', 'resolutions', 'editsDuringRuns', 'staleConflictPaths'] as const) into[key] += from[key];
  for (const fault of Object.keys(from.faults) as LinkFault[]) into.faults[fault] += from.faults[fault];
}

interface Post {
  readonly index: number;
  readonly device: Device;
  readonly link: FaultyLink;
}

const SCOPE = [{ resourceType: 'Patient' }] as const;

export class World {
  readonly lineage = new Lineage();
  readonly problems: string[] = [];
  /** What happened, for the failure report. */
  readonly log: string[] = [];
  /** What the scenario exercised, summed by the property test to show its reach. */
  readonly stats: WorldStats = emptyStats();
  private readonly random: () => number;

  private constructor(
    private readonly fx: CentralFixture,
    private readonly posts: readonly Post[],
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  static async open(specs: readonly PostSpec[], seed: number): Promise<World> {
    const fx = await CentralFixture.start();
    const posts: Post[] = [];
    try {
      for (const [index, spec] of specs.entries()) {
        const link = await openFaultyLink(fx.baseUrl);
        const device = await openDevice(link.baseUrl, {
          store: spec.store,
          scope: SCOPE,
          engine: { pageSize: 2, maxTransactionEntries: 2 },
          transport: { fetch: link.fetch, retry: { maxAttempts: spec.attempts } },
        });
        posts.push({ index, device, link });
      }
    } catch (err) {
      for (const post of posts) {
        await post.device.close();
        await post.link.close();
      }
      await fx.dispose();
      throw err;
    }
    return new World(fx, posts, seed);
  }

  async close(): Promise<void> {
    for (const post of this.posts) {
      await post.device.close();
      await post.link.close();
    }
    await this.fx.dispose();
  }

  async apply(step: Step): Promise<void> {
    const post = this.post(step.post);
    switch (step.kind) {
      case 'create':
      case 'update':
      case 'delete':
        await this.edit(post, step);
        return;
      case 'sync':
        await this.sync(post, new Map(step.faults.map((f) => [f.at, f.fault])), step.during);
        return;
      case 'resolve':
        await this.resolveAll(post);
        return;
    }
  }

  /** Fault-free runs of every post, in order, until a pass in which nothing moved. */
  async quiesce(maxPasses = 8): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      let moved = false;
      for (const post of this.posts) {
        const r = await this.run(post, new Map(), null);
        if (r.outcome !== 'succeeded') this.problems.push(`quiescence: run of post ${String(post.index)} ended ${r.outcome}`);
        moved ||= r.pushed + r.pulled + r.merged + r.conflicts > 0;
        if ((await post.device.store.conflicts()).length > 0) {
          await this.resolveAll(post);
          moved = true;
        }
      }
      if (!moved) return;
    }
    this.problems.push(`no quiescence after ${String(maxPasses)} passes`);
  }

  /** Everything that is not as it must be after `quiesce`. */
  async finalProblems(): Promise<string[]> {
    const problems = [...this.problems];
    const pages = await this.fx.allPages('Patient?_count=100');
    const onServer = pages.flatMap((p) => p.entry ?? []).map((e) => e.resource as Patient);
    const count = ((await this.fx.get('Patient?_summary=count')).body as { total: number }).total;
    const ids = new Set(onServer.map((p) => p.id ?? ''));
    if (count !== onServer.length || ids.size !== onServer.length) problems.push(`server: count ${String(count)}, listed ${String(onServer.length)}, distinct ${String(ids.size)}`);
    const known = new Set(this.lineage.resourceIds);
    for (const id of ids) if (!known.has(id)) problems.push(`server: Patient/${id}, which no post created`);
    // Through a disarmed link: nothing is armed outside a step.
    const server = await serverContents(this.post(0).device.transport, ['Patient']);
    for (const post of this.posts) {
      const { store } = post.device;
      const local = await contents(store, ['Patient']);
      if (JSON.stringify(local) !== JSON.stringify(server)) problems.push(`post ${String(post.index)} differs from the server:\n  post:   ${local.join('\n          ')}\n  server: ${server.join('\n          ')}`);
      const stats = await store.stats();
      const [conflicts, attention] = [await store.conflicts(), await store.attention()];
      if (stats.pendingChanges + conflicts.length + attention.length > 0) {
        problems.push(`post ${String(post.index)}: ${String(stats.pendingChanges)} pending, ${String(conflicts.length)} conflicts, ${String(attention.length)} needs-attention`);
      }
    }
    problems.push(...this.lineage.unexplained(new Map(onServer.map((p) => [p.id ?? '', p]))));
    return problems;
  }

  private post(index: number): Post {
    const post = this.posts[index % this.posts.length];
    if (post === undefined) throw new Error('no posts');
    return post;
  }

  private async edit(post: Post, op: EditOp): Promise<void> {
    const { store } = post.device;
    if (op.kind === 'create') {
      const patient = this.lineage.newPatient();
      const created = await store.create(patient);
      this.lineage.created(post.index, created.id, created);
      this.log.push(`post ${String(post.index)} creates ${created.id}`);
      return;
    }
    const live = (await store.search('Patient', { _count: '1000' })).resources.sort((x, y) => ((x.id ?? '') < (y.id ?? '') ? -1 : 1));
    const target = live[op.pick % Math.max(1, live.length)];
    if (target?.id === undefined) return;
    const id = target.id;
    if (op.kind === 'delete') {
      await store.delete('Patient', id);
      this.lineage.deleted(post.index, id, target);
      this.log.push(`post ${String(post.index)} deletes ${id}`);
      return;
    }
    const token = this.lineage.token();
    await store.update(withToken(target, op.field, token));
    this.lineage.edited(post.index, id, op.field, target, token);
    this.log.push(`post ${String(post.index)} sets ${id}.${op.field} = ${token}`);
  }

  private async sync(post: Post, faults: ReadonlyMap<number, LinkFault>, during: { readonly at: number; readonly op: EditOp } | null): Promise<void> {
    const r = await this.run(post, faults, during);
    if (post.link.played.length === 0 && r.outcome !== 'succeeded') this.problems.push(`a fault-free run of post ${String(post.index)} ended ${r.outcome}`);
    if (r.outcome !== 'succeeded' && r.outcome !== 'failed') this.problems.push(`a run of post ${String(post.index)} ended ${r.outcome}`);
  }

  private async run(post: Post, faults: ReadonlyMap<number, LinkFault>, during: { readonly at: number; readonly op: EditOp } | null): Promise<SyncRunResult> {
    post.link.arm(faults);
    let transitions = 0;
    const off =
      during === null
        ? undefined
        : post.device.engine.onTransition(async () => {
            if (transitions++ !== during.at) return;
            this.stats.editsDuringRuns += 1;
            await this.edit(post, during.op);
          });
    let r: SyncRunResult;
    try {
      r = await post.device.engine.run();
    } finally {
      off?.();
      post.link.disarm();
    }
    this.log.push(
      `post ${String(post.index)} syncs${faults.size > 0 ? ` [faults ${post.link.played.join(', ') || 'none reached'}]` : ''}: ${r.outcome}, pushed ${String(r.pushed)}, pulled ${String(r.pulled)}, merged ${String(r.merged)}, conflicts ${String(r.conflicts)}`,
    );
    this.stats.runs += 1;
    if (r.outcome === 'failed') this.stats.failedRuns += 1;
    this.stats.merged += r.merged;
    this.stats.conflicts += r.conflicts;
    for (const fault of post.link.played) this.stats.faults[fault] += 1;
    if (r.attention > 0) this.problems.push(`post ${String(post.index)}: ${String(r.attention)} needs-attention item(s) from a run`);
    await this.checkConflicts(post);
    return r;
  }

  /** A recorded conflict must be between two posts' edits, and its sides must differ. */
  private async checkConflicts(post: Post): Promise<void> {
    for (const c of await post.device.store.conflicts()) {
      if (!this.lineage.writtenByOthers(c.id, post.index)) this.problems.push(`post ${String(post.index)}: conflict on ${c.id}, which no other post ever wrote`);
      if (sameBody(c.local, c.remote)) this.problems.push(`post ${String(post.index)}: conflict on ${c.id} whose local and remote are the same`);
    }
  }

  private async resolveAll(post: Post): Promise<void> {
    const { store, engine } = post.device;
    for (const c of await store.conflicts()) {
      const local = await this.current(post, c.id);
      let choice = this.choose(c.paths);
      try {
        await engine.resolveConflict(c.resourceType, c.id, choice);
      } catch (err) {
        // The record's paths are those of the merge that made it; a local edit since (a delete,
        // say) can conflict elsewhere, and a field-by-field choice over the old paths is refused.
        // The person then keeps one side whole.
        if (!(err instanceof OutcomeError) || err.outcome.issue[0]?.code !== 'required' || typeof choice === 'string') throw err;
        this.log.push(`post ${String(post.index)}: field-by-field choice over [${c.paths.join(', ')}] refused for ${c.id}`);
        this.stats.staleConflictPaths += 1;
        choice = this.random() < 0.5 ? 'local' : 'remote';
        await engine.resolveConflict(c.resourceType, c.id, choice);
      }
      const after = await this.current(post, c.id);
      this.lineage.resolved(post.index, c.id, local, c.remote as Patient | undefined, after);
      this.stats.resolutions += 1;
      this.log.push(`post ${String(post.index)} resolves ${c.id} [${c.paths.join(', ')}] with ${JSON.stringify(choice)}`);
    }
  }

  private async current(post: Post, id: string): Promise<Patient | undefined> {
    const info = await post.device.store.versionInfo('Patient', id);
    return info === undefined || info.deleted ? undefined : post.device.store.read('Patient', id);
  }

  private choose(paths: readonly string[]): ConflictChoice {
    const r = this.random();
    if (r < 0.35) return 'local';
    if (r < 0.7) return 'remote';
    return { fields: Object.fromEntries(paths.map((p) => [p, this.random() < 0.5 ? 'local' : 'remote'])) };
  }
}

/** A small seeded PRNG, so a scenario's conflict choices replay with its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
