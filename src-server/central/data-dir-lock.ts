// One server per data directory. Two servers appending to one journal would each keep their own
// view in memory and hand out the same versionIds. A lock file names the owning process; a lock
// left by a process that no longer exists (a crash, a power cut) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'server.lock';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid}; if no server is running, delete ${LOCK_FILE}`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  if (!tryCreate(file)) {
    const owner = Number(readText(file));
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    writeFileSync(file, String(process.pid));
  }
  return { release: () => { rmSync(file, { force: true }); } };
}

function tryCreate(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
