// The main thread's side of the sync worker: typed calls with ids, each answered by one reply;
// the worker's events, pending counts and log lines passed to listeners. Every message from the
// worker is checked (sync-protocol.ts) before anything acts on it.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { errorOutcome, OutcomeError } from '../../src-core/fhir/outcome';
import type { Logger } from '../../src-core/platform/logger';
import type { SyncEvent } from '../../src-core/sync';
import type { CallArgs, CallMessage, CallName, CallResult, WorkerMessage } from './sync-protocol';
import { parseResult, parseWorkerMessage } from './sync-protocol';

/** The parts of a Worker the client uses (a test can pass a MessageChannel port pair instead). */
export interface WorkerPort {
  postMessage(message: CallMessage): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** How long `lock` waits for the worker to confirm before terminating it anyway. */
const LOCK_GRACE_MS = 2_000;

interface Pending {
  readonly name: CallName;
  resolve(value: unknown): void;
  reject(error: OutcomeError): void;
}

export class SyncClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: SyncEvent) => void>();
  private readonly pendingListeners = new Set<(count: number) => void>();
  private closed = false;

  private readonly logger: Logger;

  /** `createLogger(module)` makes the client's logger and re-logs the worker's lines under their module. */
  constructor(
    private readonly port: WorkerPort,
    private readonly createLogger: (module: string) => Logger,
  ) {
    this.logger = createLogger('sync-client');
    port.addEventListener('message', (event) => {
      this.receive((event as MessageEvent).data);
    });
    port.addEventListener('messageerror', () => {
      this.logger.warn('a message from the sync worker could not be deserialized; dropped');
    });
    port.addEventListener('error', (event) => {
      // An uncaught error inside the worker (or its script failing to load). Only the kind is logged.
      this.logger.error('sync worker reported an uncaught error', { kind: event.type });
    });
  }

  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
    if (this.closed) return Promise.reject(workerGone(name));
    const id = this.nextId++;
    return new Promise<CallResult<K>>((resolve, reject) => {
      this.pending.set(id, { name, resolve, reject });
      // (TypeScript cannot see that name and args of one K form one member of the union.)
      this.port.postMessage({ kind: 'call', id, name, args } as CallMessage);
    });
  }

  onEvent(listener: (event: SyncEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The store's pending-change count as a run changes it. */
  onPending(listener: (count: number) => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  /** Tells the worker to drop its keys, then terminates it (also when it does not answer in time). */
  async lock(): Promise<void> {
    if (this.closed) return;
    const confirmed = this.call('lock', {}).then(
      () => true,
      () => false,
    );
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => { resolve(false); }, LOCK_GRACE_MS));
    if (!(await Promise.race([confirmed, timeout]))) this.logger.warn('sync worker did not confirm the lock in time; terminated');
    this.terminate();
  }

  /** Ends the worker at once; calls still waiting reject. */
  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.terminate();
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.reject(workerGone(call.name));
    }
    this.eventListeners.clear();
    this.pendingListeners.clear();
  }

  get terminated(): boolean {
    return this.closed;
  }

  private receive(data: unknown): void {
    const parsed = parseWorkerMessage(data);
    if (!parsed.ok) {
      this.logger.warn('malformed message from the sync worker dropped', { reason: parsed.reason });
      return;
    }
    this.dispatch(parsed.value);
  }

  private dispatch(message: WorkerMessage): void {
    switch (message.kind) {
      case 'reply': {
        const call = this.pending.get(message.id);
        if (call === undefined) {
          this.logger.warn('reply to no pending call dropped', { id: message.id });
          return;
        }
        this.pending.delete(message.id);
        if (!message.reply.ok) {
          call.reject(new OutcomeError(message.reply.error));
          return;
        }
        const checked = parseResult(call.name, message.reply.value);
        if (checked.ok) call.resolve(checked.value);
        else {
          this.logger.warn('malformed reply from the sync worker dropped', { reason: checked.reason });
          call.reject(new OutcomeError(errorOutcome('structure', `sync worker: ${checked.reason}`)));
        }
        return;
      }
      case 'event':
        for (const listener of [...this.eventListeners]) listener(message.event);
        return;
      case 'pending':
        for (const listener of [...this.pendingListeners]) listener(message.pendingChanges);
        return;
      case 'log': {
        const { level, module, msg, fields } = message.record;
        this.createLogger(module)[level](msg, { ...fields });
        return;
      }
    }
  }
}

function workerGone(name: CallName): OutcomeError {
  const outcome: OperationOutcome = errorOutcome('incomplete', `sync worker: ${name} not answered (the worker was stopped)`);
  return new OutcomeError(outcome);
}
