// The CLI: prints the base URL alone on stdout, logs JSON lines on stderr, honours --token, and
// closes cleanly on SIGTERM.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');

interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly baseUrl: string;
  readonly stderr: string[];
}

async function startCli(args: string[]): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/central/cli.ts', ...args], { cwd: repoRoot });
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const stdout = createInterface({ input: child.stdout });
  const [firstLine] = (await Promise.race([
    once(stdout, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`cli exited before printing its URL: ${stderr.join('\n')}`);
    }),
  ])) as [string];
  return { child, baseUrl: firstLine, stderr };
}

describe('central server CLI', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('prints its base URL, logs JSON to stderr, requires --token, and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ceiba-central-cli-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const cli = await startCli(['--port', '0', '--data', dataDir, '--token', 'cli-token']);
    cleanups.push(async () => {
      if (cli.child.exitCode === null) {
        cli.child.kill('SIGKILL');
        await once(cli.child, 'exit');
      }
    });

    expect(cli.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
    expect((await fetch(`${cli.baseUrl}/metadata`)).status).toBe(200);
    expect((await fetch(`${cli.baseUrl}/Patient`)).status).toBe(401);
    expect((await fetch(`${cli.baseUrl}/Patient`, { headers: { Authorization: 'Bearer cli-token' } })).status).toBe(200);

    const exited = once(cli.child, 'exit');
    cli.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(cli.stderr.length).toBeGreaterThan(0);
    for (const line of cli.stderr) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(cli.stderr.join('\n')).not.toContain('cli-token');
  });
});
