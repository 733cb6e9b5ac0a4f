// npx tsx src-server/signal/cli.ts --port <n> --secret-file <file> [--host h]
//   [--turn-url turn:127.0.0.1:3478?transport=udp ...] [--turn-secret-file f] [--stun stun:host:port ...]
// Prints the ws URL alone on its own stdout line (scripts read it); logs JSON lines to stderr.
// Secrets come from files (or CEIBA_SIGNAL_SECRET / CEIBA_TURN_SECRET) to keep them out of the process list.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLoggerFactory, jsonLineSink } from '../../src-core/platform/logger';
import { DEFAULT_SIGNAL_HOST, DEFAULT_SIGNAL_PORT, startSignalRelay } from './relay';

const logger = createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)) })('signal');

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SIGNAL_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got '${value}'`);
  return port;
}

const readSecret = (file: string | undefined, env: string | undefined): string | undefined =>
  file !== undefined ? readFileSync(file, 'utf8').trim() : env !== undefined && env !== '' ? env : undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'secret-file': { type: 'string' },
      'turn-url': { type: 'string', multiple: true },
      'turn-secret-file': { type: 'string' },
      'turn-ttl': { type: 'string' },
      stun: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const tokenSecret = readSecret(values['secret-file'], process.env.CEIBA_SIGNAL_SECRET);
  if (tokenSecret === undefined) throw new Error('--secret-file (or CEIBA_SIGNAL_SECRET) is required');
  const turnUrls = values['turn-url'] ?? [];
  const turnSecret = readSecret(values['turn-secret-file'], process.env.CEIBA_TURN_SECRET);
  if (turnUrls.length > 0 && turnSecret === undefined) throw new Error('--turn-url needs --turn-secret-file (or CEIBA_TURN_SECRET)');
  const relay = await startSignalRelay({
    port: parsePort(values.port),
    host: values.host ?? DEFAULT_SIGNAL_HOST,
    tokenSecret,
    logger,
    ...(turnUrls.length > 0 && turnSecret !== undefined
      ? { turn: { urls: turnUrls, sharedSecret: turnSecret, ...(values['turn-ttl'] === undefined ? {} : { ttlSeconds: Number(values['turn-ttl']) }) } }
      : {}),
    ...(values.stun === undefined ? {} : { stun: values.stun }),
  });
  console.log(relay.url);
  const stop = (signal: string): void => {
    logger.info('stopping', { signal });
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('close failed', { err: err instanceof Error ? err.name : 'error' });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => { stop('SIGINT'); });
  process.once('SIGTERM', () => { stop('SIGTERM'); });
}

main().catch((err: unknown) => {
  logger.error('signal relay failed to start', { err: err instanceof Error ? err.name : 'error', reason: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
