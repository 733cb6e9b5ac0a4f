// Where this feature's log lines go: a bounded in-memory ring, as for the sync layer (the
// renderer has no console or file to write to). Lines are English, with codes, counts and
// durations only; the logger redacts name-like fields as a second guard.
import { createLoggerFactory, type LogRecord, type Logger } from '../../../src-core/platform/logger';

const CAPACITY = 200;
const ring: LogRecord[] = [];

const factory = createLoggerFactory({
  sink: (record) => {
    ring.push(record);
    if (ring.length > CAPACITY) ring.splice(0, ring.length - CAPACITY);
  },
});

export const patientsLog: Logger = factory('patients');

/** The most recent lines, oldest first (for a diagnostics view). */
export function recentPatientsLog(): readonly LogRecord[] {
  return [...ring];
}

/** Runs `work` and says how long it took (whole milliseconds), for log lines. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}
