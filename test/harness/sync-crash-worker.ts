// The worker of the sync crash test (test/browser/sync-crash.test.ts): it opens the case's post
// (sync-crash-post.ts) and runs the sync engine, as the renderer runs it off the main thread. It
// reports every state-machine transition; at the target state it tells the page, which terminates
// it. In 'enter' mode it then waits inside the transition hook, so the kill lands exactly on entry
// to the state (before any of its work); in 'during' mode it goes on working while the page's
// terminate is on its way, so the kill lands in the middle of the state's work — an IndexedDB
// commit, a request in flight — or a little after it.
import type { SyncStateName } from '../../src-core/sync';
import type { PostConfig } from './sync-crash-post';
import { openPost } from './sync-crash-post';

export interface KillTarget {
  readonly state: SyncStateName;
  /** Which entry into the state (1 = the first). */
  readonly occurrence: number;
  readonly mode: 'enter' | 'during';
}

export interface CrashWorkerStart extends PostConfig {
  /** Undefined: run to the end (the reference run). */
  readonly kill?: KillTarget;
}

export type CrashWorkerMessage =
  | { readonly type: 'transition'; readonly to: SyncStateName; readonly event: string }
  | { readonly type: 'kill-me'; readonly state: SyncStateName }
  | { readonly type: 'done'; readonly outcome: string }
  | { readonly type: 'error'; readonly message: string };

const send = (message: CrashWorkerMessage): void => {
  postMessage(message);
};

async function run(start: CrashWorkerStart): Promise<void> {
  const post = await openPost(start);
  let seen = 0;
  post.engine.onTransition(async (t) => {
    send({ type: 'transition', to: t.to.name, event: t.event.type });
    const kill = start.kill;
    if (kill === undefined || t.to.name !== kill.state || ++seen !== kill.occurrence) return;
    send({ type: 'kill-me', state: t.to.name });
    if (kill.mode === 'enter') await new Promise<never>(() => undefined);
  });
  const result = await post.engine.run();
  send({ type: 'done', outcome: result.outcome });
}

addEventListener('message', (event: MessageEvent<CrashWorkerStart>) => {
  run(event.data).catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : 'failed' });
  });
});
