// One sync run at a time per device (DESIGN §5: push then pull under one lock). The port has the
// shape of the Web Locks API with `ifAvailable`, so the renderer passes navigator.locks (which also
// covers several windows and a worker) and everything else an in-process mutex:
//   request: (task) => navigator.locks.request('ceiba-sync', { ifAvailable: true }, (lock) => task(lock !== null))
// A run that finds the lock taken does nothing (it does not queue): the holder is already syncing.

export interface SyncLock {
  /** Runs `task` with `acquired` false, at once, when another holder has the lock. */
  request<T>(task: (acquired: boolean) => Promise<T>): Promise<T>;
}

export function createInProcessLock(): SyncLock {
  let held = false;
  return {
    async request<T>(task: (acquired: boolean) => Promise<T>): Promise<T> {
      if (held) return task(false);
      held = true;
      try {
        return await task(true);
      } finally {
        held = false;
      }
    },
  };
}
