// Starts and stops the benchmark's central server process (central-process.ts) with a temporary
// data directory. CEIBA_BENCH_SYNC_PROFILE=<dir> runs it under `node --cpu-prof` and leaves the
// .cpuprofile there (open it in Chrome DevTools) to see where the server spends a download.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./central-process.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** 300,000 resources in memory (every version, parsed) need more than Node's default heap. */
const HEAP_MB = 8192;
const START_TIMEOUT_MS = 60_000;

export interface CentralChild {
  readonly baseUrl: string;
  readonly dataDir: string;
  /** Resident set size of the server process, from /proc (0 where that is unavailable). */
  rssMb(): Promise<number>;
  close(): Promise<void>;
}

export interface CentralChildOptions {
  /** Serve this data directory and leave it in place (default: a fresh temporary one, removed on close). */
  readonly dataDir?: string;
}

export async function startCentralChild(options: CentralChildOptions = {}): Promise<CentralChild> {
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ceiba-sync-bench-central-')));
  const profileDir = process.env.CEIBA_BENCH_SYNC_PROFILE;
  const execArgv = ['--import', 'tsx', `--max-old-space-size=${String(HEAP_MB)}`];
  if (profileDir !== undefined && profileDir !== '') execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const child = spawn(process.execPath, [...execArgv, ENTRY, '--data', dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let baseUrl: string;
  try {
    baseUrl = await firstLine(child, START_TIMEOUT_MS);
  } catch (err) {
    child.kill('SIGKILL');
    if (owned) await rm(dataDir, { recursive: true, force: true });
    throw new Error(`central server did not start: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    dataDir,
    rssMb: () => rssOf(child.pid),
    close: () =>
      (closing ??= (async () => {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
        if (stderr.trim() !== '') process.stderr.write(`  central server stderr (tail):\n${stderr}\n`);
        if (owned) await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdout = child.stdout;
    if (stdout === null) {
      reject(new Error('no stdout'));
      return;
    }
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => { reject(new Error(`no base URL within ${String(timeoutMs)} ms`)); }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${String(code)}`));
    });
  });
}

async function rssOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const status = await readFile(`/proc/${String(pid)}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Math.round(Number(kb) / 1024);
  } catch {
    return 0;
  }
}
