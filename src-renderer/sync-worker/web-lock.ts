// The engine's SyncLock over the Web Locks API (sync-lock.ts has the same shape): one run per
// device across every window and worker of the origin. `ifAvailable` makes a second run give up
// at once instead of queueing behind the first, which is already syncing.
import type { SyncLock } from '../../src-core/sync';

export const SYNC_LOCK_NAME = 'ceiba-sync';

export function webLock(locks: LockManager, name: string = SYNC_LOCK_NAME): SyncLock {
  return {
    // (The DOM typings type the result as Promise<Promise<T>>; the API resolves with the task's value.)
    async request<T>(task: (acquired: boolean) => Promise<T>): Promise<T> {
      return await locks.request(name, { ifAvailable: true }, (lock) => task(lock !== null));
    },
  };
}
