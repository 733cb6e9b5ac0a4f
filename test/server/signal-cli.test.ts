// The relay CLI: prints the ws URL alone on stdout, reads the secret from a file, serves /health
// and joins with tokens signed by that secret, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { connect, isType, SECRET, token } from './signal-fixture';

const repoRoot = resolve(import.meta.dirname, '../..');

describe('signal relay CLI', () => {
  it('prints the ws URL, accepts tokens signed with the secret file, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ceiba-signal-'));
    const secretFile = join(dir, 'secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/signal/cli.ts', '--port', '0', '--secret-file', secretFile], { cwd: repoRoot });
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    try {
      const [url] = (await Promise.race([
        once(createInterface({ input: child.stdout }), 'line'),
        once(child, 'exit').then(() => { throw new Error(`cli exited: ${stderr.join('\n')}`); }),
      ])) as [string];
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url.replace('ws:', 'http:')}/health`);
      expect(await health.json()).toEqual({ status: 'ok', rooms: 0 });
      const c = await connect(url);
      c.sendJson({ v: 1, type: 'join', token: token('task-cli', 'u1', 'nurse') });
      expect(await c.next(isType('joined'))).toMatchObject({ role: 'nurse', peerPresent: false });
      c.ws.close();
      expect(stderr.join('\n')).not.toContain(SECRET);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
