// Logger factory for the main process (STYLE §11): JSON lines on stdout through the shared
// redacting logger. A later issue adds a rotating file sink for packaged installs.
import { createLoggerFactory, jsonLineSink, type Logger, type LogLevel } from '../src-core/platform/logger';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function levelFrom(value: string | undefined): LogLevel {
  return LEVELS.find((level) => level === value) ?? 'info';
}

export function createMainLoggerFactory(env: Readonly<Record<string, string | undefined>>): (module: string) => Logger {
  // A packaged Windows app has no console: stdout may be a closed pipe, and a write error must not
  // become an uncaught exception that takes the app down.
  process.stdout.on('error', () => undefined);
  return createLoggerFactory({
    minLevel: levelFrom(env.CEIBA_LOG_LEVEL),
    sink: jsonLineSink((line) => {
      process.stdout.write(`${line}\n`);
    }),
  });
}
