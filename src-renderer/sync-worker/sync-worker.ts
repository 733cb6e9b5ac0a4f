// The sync worker's entry (a dedicated module Worker, started by sync-client.ts): wires the
// worker's own globals to SyncWorkerHost. It opens its own IndexedDB connection to the session's
// database, so the engine's reads, writes, encryption and validation all happen off the UI thread.
import { ceibaValidator } from '../../src-core/fhir/validator';
import { systemClock } from '../../src-core/platform/clock';
import { createLoggerFactory } from '../../src-core/platform/logger';
import { DexieStore } from '../../src-core/store';
import type { WorkerMessage } from './sync-protocol';
import { SyncWorkerHost } from './sync-worker-host';
import { ForwardedConnectivity } from './browser-connectivity';
import { webLock } from './web-lock';

/** The parts of DedicatedWorkerGlobalScope used here (the renderer is typed against the DOM lib). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  readonly navigator: { readonly onLine: boolean; readonly locks: LockManager };
  fetch(input: string, init: RequestInit): Promise<Response>;
}

const scope = self as unknown as WorkerScope;

const post = (message: WorkerMessage, transfer: Transferable[] = []): void => {
  scope.postMessage(message, transfer);
};

// Records are redacted by the logger before they reach the sink; the main thread keeps them.
const logger = createLoggerFactory({
  sink: (record) => {
    post({ kind: 'log', record: { level: record.level, module: record.module, msg: record.msg, fields: record.fields } });
  },
})('sync-worker');

const host = new SyncWorkerHost({
  post,
  openDatabase: (name) => DexieStore.open({ name }),
  validator: ceibaValidator,
  fetch: (input, init) => scope.fetch(input, init),
  connectivity: new ForwardedConnectivity(scope),
  lock: webLock(scope.navigator.locks),
  timers: {
    set: (callback, ms) => setTimeout(callback, ms),
    clear: (handle) => {
      clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
    },
  },
  clock: systemClock,
  logger,
});

scope.addEventListener('message', (event) => {
  host.receive(event.data);
});
scope.addEventListener('messageerror', () => {
  logger.warn('a message from the main thread could not be deserialized; dropped');
});
