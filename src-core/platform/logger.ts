// Structured, redacting logger (STYLE §11). Modules call createLogger('sync') and log
// constant English messages with structured fields; the redaction step replaces any field
// that may carry patient data before a sink sees it.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  readonly time: string;
  readonly level: LogLevel;
  readonly module: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(module: string): Logger;
}

/**
 * Field names that may hold patient data (FHIR element names and common aliases).
 * Matching is on the key, case-insensitive, at any depth.
 */
const SENSITIVE_KEYS = new Set([
  'name', 'family', 'given', 'text', 'div', 'identifier', 'cui', 'birthdate', 'address', 'telecom',
  'phone', 'email', 'note', 'notes', 'comment', 'description', 'valuestring', 'payload', 'content',
  'data', 'body', 'resource', 'password', 'token', 'authorization', 'secret', 'photo', 'contact',
]);

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { error: value.name, message: REDACTED };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  readonly sink: LogSink;
  readonly minLevel?: LogLevel;
  readonly now?: () => Date;
}

export function createLoggerFactory(options: LoggerOptions): (module: string) => Logger {
  const min = LEVELS[options.minLevel ?? 'info'];
  const now = options.now ?? (() => new Date());
  const make = (module: string): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
      if (LEVELS[level] < min) return;
      options.sink({
        time: now().toISOString(),
        level,
        module,
        msg,
        fields: (redact(fields ?? {}) as Record<string, unknown>),
      });
    };
    return {
      debug: (m, f) => { emit('debug', m, f); },
      info: (m, f) => { emit('info', m, f); },
      warn: (m, f) => { emit('warn', m, f); },
      error: (m, f) => { emit('error', m, f); },
      child: (sub) => make(`${module}.${sub}`),
    };
  };
  return make;
}

/** A sink that keeps records in memory, for tests and for the in-app diagnostics view. */
export function memorySink(): { sink: LogSink; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { sink: (r) => { records.push(r); }, records };
}

/** One JSON object per line: what the server and main process write to stdout or a file. */
export function jsonLineSink(write: (line: string) => void): LogSink {
  return (r) => {
    write(JSON.stringify({ time: r.time, level: r.level, module: r.module, msg: r.msg, ...r.fields }));
  };
}
