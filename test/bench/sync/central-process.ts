// The reference central server in its own process for the sync benchmark, so the server and the
// client under test each have a core (a LAN server is another machine). Started by central-child.ts:
//   node --import tsx test/bench/sync/central-process.ts --data <dir>
// Prints the base URL alone on stdout; logs only warnings (one line per request would cost the
// server more than some requests do). Exits cleanly on SIGTERM/SIGINT, which lets `--cpu-prof`
// write its profile.
import { parseArgs } from 'node:util';
import { createLoggerFactory, jsonLineSink } from '../../../src-core/platform/logger';
import { startCentralServer } from '../../../src-server/central/server';

const logger = createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)), minLevel: 'warn' })('central');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' } }, strict: true });
  if (values.data === undefined) throw new Error('--data <dir> is required');
  const server = await startCentralServer({ port: 0, dataDir: values.data, logger });
  process.stdout.write(`${server.baseUrl}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`central server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
