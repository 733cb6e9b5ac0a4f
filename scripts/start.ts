// `npm start` / `npm run start:web`: starts the embedded local stack on loopback and then the
// desktop app, or the web shell where the Electron runtime is not installed (DESIGN §3).
//
//   npm start [-- --port <web> --central-port <n> --data <dir>]
//   npm run start:web [-- --port <n>]
//
// CEIBA_CENTRAL_URL / CEIBA_SIGNALING_URL point Ceiba at existing servers (e.g. HAPI FHIR)
// instead of the embedded reference server.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLoggerFactory, jsonLineSink } from '../src-core/platform/logger';
import { repoRoot, startLocalStack, type LocalStack } from './local-stack';

const { values } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string' },
    'central-port': { type: 'string' },
    'signal-port': { type: 'string' },
    data: { type: 'string' },
  },
});

const createLogger = createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(line + '\n')) });
const log = createLogger('start');

function portArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value}`);
  return port;
}

/** The electron package installs a path.txt and dist/ only when its binary download succeeded. */
export function electronRuntimeInstalled(root: string): boolean {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

async function main(): Promise<void> {
  const dataDir = resolve(values.data ?? join(repoRoot, '.ceiba-data'));
  const wantDesktop = !values.web;
  const desktop = wantDesktop && electronRuntimeInstalled(repoRoot);
  if (wantDesktop && !desktop) {
    console.log('The Electron runtime is not installed on this machine; serving the web shell instead.');
  }
  const stack: LocalStack = await startLocalStack({
    dataDir,
    webPort: portArg(values.port, 8080),
    centralPort: portArg(values['central-port'], 8090),
    signalPort: portArg(values['signal-port'], 8091),
    web: !desktop,
    build: !desktop,
    logger: createLogger('stack'),
    ...(process.env.CEIBA_CENTRAL_URL ? { centralUrl: process.env.CEIBA_CENTRAL_URL } : {}),
    ...(process.env.CEIBA_SIGNALING_URL ? { signalingUrl: process.env.CEIBA_SIGNALING_URL } : {}),
  });
  log.info('local stack ready', { central: stack.centralUrl, signaling: stack.signalingUrl });

  const stop = (): void => {
    void stack.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (!desktop) {
    console.error("Ceiba web shell is ready; open this address in a browser:");
    console.log(stack.webUrl);
    return;
  }
  const forge = spawn(join(repoRoot, 'node_modules', '.bin', 'electron-forge'), ['start'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      CEIBA_CENTRAL_URL: stack.centralUrl,
      ...(stack.signalingUrl === null ? {} : { CEIBA_SIGNALING_URL: stack.signalingUrl }),
    },
  });
  forge.on('exit', (code) => {
    void stack.close().then(() => process.exit(code ?? 0));
  });
}

main().catch((err: unknown) => {
  console.error(`Ceiba could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
