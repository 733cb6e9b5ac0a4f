// The product's sync engine (src-core/sync) as the benchmark drives it: the real transport over
// Node's fetch (keep-alive, gzip answers), real sleeps and clock, a transfer meter, and a counter
// of HTTP requests. One call is one `engine.run()`.
import { systemClock } from '../../../src-core/platform/clock';
import type { Logger } from '../../../src-core/platform/logger';
import { createLoggerFactory, jsonLineSink } from '../../../src-core/platform/logger';
import type { SyncStore } from '../../../src-core/store';
import type { ScopedType, SyncEngineOptions, SyncRunResult } from '../../../src-core/sync';
import { createFhirTransport, createSyncEngine, createTransferMeter } from '../../../src-core/sync';

export interface EngineRunOptions {
  readonly baseUrl: string;
  readonly store: SyncStore;
  /** Types to pull with their scope; empty: the run only pushes. */
  readonly scope: readonly ScopedType[];
  /** Engine settings the benchmark changes (page size); everything else is the product default. */
  readonly engine?: Partial<Pick<SyncEngineOptions, 'pageSize'>>;
}

export interface EngineRun {
  readonly result: SyncRunResult;
  readonly ms: number;
  /** HTTP requests the transport sent (retries included). */
  readonly requests: number;
  /** The same, by kind: count, search (first pages), page (next links), history, transaction, other. */
  readonly requestKinds: Readonly<Record<string, number>>;
}

function requestKind(url: string, method: string | undefined): string {
  if (method === 'POST') return 'transaction';
  if (url.includes('_summary=count')) return 'count';
  if (url.includes('_getpages=')) return 'page';
  if (url.includes('/_history')) return 'history';
  return url.includes('?') ? 'search' : 'other';
}

const warnings: Logger = createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)), minLevel: 'warn' })('sync-bench');

export async function runEngine(options: EngineRunOptions): Promise<EngineRun> {
  let requests = 0;
  const requestKinds: Record<string, number> = {};
  const meter = createTransferMeter();
  const transport = createFhirTransport({
    baseUrl: options.baseUrl,
    fetch: (input, init) => {
      requests += 1;
      const kind = requestKind(input, init.method);
      requestKinds[kind] = (requestKinds[kind] ?? 0) + 1;
      return fetch(input, init);
    },
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onProgress: meter.record,
    logger: warnings,
  });
  const engine = createSyncEngine({
    store: options.store,
    transport,
    clock: systemClock,
    scope: options.scope,
    transferMeter: meter,
    logger: warnings,
    ...options.engine,
  });
  const start = performance.now();
  const result = await engine.run();
  const ms = performance.now() - start;
  if (result.outcome !== 'succeeded') {
    const issue = result.error?.issue[0];
    throw new Error(`sync run ended '${result.outcome}': ${issue?.code ?? ''} ${issue?.diagnostics ?? issue?.details?.text ?? ''}`);
  }
  return { result, ms, requests, requestKinds };
}
