// npm run central -- --port <n> --data <dir> [--host h] [--token t]
// Prints the base URL alone on stdout (scripts read it); logs JSON lines to stderr.
import { parseArgs } from 'node:util';
import { createLoggerFactory, jsonLineSink } from '../../src-core/platform/logger';
import { DEFAULT_HOST, DEFAULT_PORT, startCentralServer } from './server';

const DEFAULT_DATA_DIR = '.ceiba-data/central';

const logger = createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)) })('central');

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got '${value}'`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
      // The environment variable keeps the token out of the process list.
      token: { type: 'string' },
    },
    strict: true,
  });
  const authToken = values.token ?? process.env.CEIBA_CENTRAL_TOKEN;
  const server = await startCentralServer({
    port: parsePort(values.port),
    host: values.host ?? DEFAULT_HOST,
    dataDir: values.data ?? DEFAULT_DATA_DIR,
    logger,
    ...(authToken === undefined || authToken === '' ? {} : { authToken }),
  });
  console.log(server.baseUrl);
  const stop = (signal: string): void => {
    logger.info('stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('close failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => { stop('SIGINT'); });
  process.once('SIGTERM', () => { stop('SIGTERM'); });
}

main().catch((err: unknown) => {
  logger.error('central server failed to start', { err: err instanceof Error ? err.name : 'error', reason: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
