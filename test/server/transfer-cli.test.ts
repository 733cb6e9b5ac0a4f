// `npm run transfer:import`: the district office pushes a post's transfer file to the central
// server from the command line (a real process, a real server on loopback).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTransfer, exportTransfer } from '../../src-core/sync/transfer/transfer-file';
import { CentralFixture } from './central-fixture';
import { newObservation, newPatient, openDevice, serverContents, type Device } from './sync-engine-rig';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const PASSWORD = 'memoria-usb-puesto-3';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function importCli(args: readonly string[], password: string | undefined): Promise<Run> {
  const env = { ...process.env };
  delete env.CEIBA_TRANSFER_PASSWORD;
  if (password !== undefined) env.CEIBA_TRANSFER_PASSWORD = password;
  return new Promise((resolve) => {
    execFile(TSX, ['scripts/transfer-import.ts', ...args], { cwd: ROOT, env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('transfer:import', () => {
  let fx: CentralFixture;
  let post: Device;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    fx = await CentralFixture.start();
    dir = await mkdtemp(join(tmpdir(), 'ceiba-transfer-'));
    post = await openDevice(fx.baseUrl);
    const patient = await post.store.create(newPatient('Tzoc'));
    await post.store.create(newObservation(patient.id, 11.2));
    file = join(dir, 'puesto-3.ceiba');
    await writeFile(file, await exportTransfer(await collectTransfer(post.store), { password: PASSWORD, device: 'post-3', now: new Date(), iterations: 1_000 }));
  });
  afterAll(async () => {
    await post.close();
    await fx.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes the file and says what landed; a second import finds it all there', async () => {
    const first = await importCli([file, '--server', fx.baseUrl], PASSWORD);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('transfer from device post-3');
    expect(first.stdout).toMatch(/succeeded: 2 pushed/);
    expect(await serverContents(post.transport)).toHaveLength(2);

    const second = await importCli([file, '--server', fx.baseUrl], PASSWORD);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/succeeded: 0 pushed, 0 merged, 2 already on the server/);
    expect(await serverContents(post.transport)).toHaveLength(2);
  });

  it('refuses a wrong password or a damaged file with the reason, and pushes nothing', async () => {
    const wrong = await importCli([file, '--server', fx.baseUrl], 'otra-clave-cualquiera');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/contraseña del archivo no es correcta/);

    const damaged = join(dir, 'cortado.ceiba');
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    await writeFile(damaged, bytes.subarray(0, bytes.length - 10));
    const cut = await importCli([damaged, '--server', fx.baseUrl], PASSWORD);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/incompleto/);
  });

  it('needs the password from the environment and a server', async () => {
    expect((await importCli([file, '--server', fx.baseUrl], undefined)).code).toBe(2);
    const noServer = await importCli([file], PASSWORD);
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(/usage/);
  });
});
