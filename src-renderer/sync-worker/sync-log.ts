// Where the sync layer's log lines go in the renderer: a bounded in-memory ring (the renderer has
// no console to write to and no file). Lines are redacted by the logger before they get here, and
// the worker's lines arrive through the client already redacted. A diagnostics view, or the e2e
// test through its dev-only hook, reads them back.
import type { LogRecord, Logger } from '../../src-core/platform/logger';
import { createLoggerFactory } from '../../src-core/platform/logger';

const CAPACITY = 500;
const ring: LogRecord[] = [];

const factory = createLoggerFactory({
  sink: (record) => {
    ring.push(record);
    if (ring.length > CAPACITY) ring.splice(0, ring.length - CAPACITY);
  },
});

/** A logger whose lines go to the sync log ring. */
export function createSyncLogger(module: string): Logger {
  return factory(module);
}

/** The most recent lines, oldest first. */
export function recentSyncLog(): readonly LogRecord[] {
  return [...ring];
}
