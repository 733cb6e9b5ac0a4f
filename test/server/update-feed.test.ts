// The update feed and the local update server (issue 8 item 6): the latest.yml written for an
// installer is what electron-updater's parser (js-yaml) reads and what the update policy accepts,
// its SHA-512 is the installer's, and the server serves the folder read-only on loopback.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUpdateFeed, decideUpdate, INITIAL_UPDATE_STATE } from '../../src-core/updates';
import { writeUpdateFeed } from '../../src-server/updates/update-feed';
import { startUpdateServer, type UpdateServer } from '../../src-server/updates/update-server';

let dir: string;
let server: UpdateServer;
const installer = randomBytes(200_000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ceiba-update-feed-'));
  await writeFile(join(dir, 'Ceiba-Setup-0.5.0.exe'), installer);
  await writeUpdateFeed(dir, { installer: 'Ceiba-Setup-0.5.0.exe', version: '0.5.0', releaseNotes: 'Curvas de crecimiento', releaseDate: new Date('2026-11-25T12:00:00Z') });
  server = await startUpdateServer({ dir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('update feed server', () => {
  it('serves a latest.yml that the policy accepts, naming the installer with its real size and SHA-512', async () => {
    const res = await fetch(new URL('latest.yml', server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const feed = load(await res.text());
    const checked = checkUpdateFeed(feed);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.info).toMatchObject({ version: '0.5.0', releaseNotes: 'Curvas de crecimiento', files: [{ url: 'Ceiba-Setup-0.5.0.exe', size: installer.length, sha512: createHash('sha512').update(installer).digest('base64') }] });
    // A 0.4.0 app would download it on a quiet PC.
    const ctx = { now: 0, localHour: 10, online: true, inCall: false, consultationOpen: false, idleMs: 600_000 };
    const checking = decideUpdate(INITIAL_UPDATE_STATE, { type: 'started' }, ctx, { currentVersion: '0.4.0' });
    const decision = decideUpdate(checking.state, { type: 'check-finished', feed }, ctx, { currentVersion: '0.4.0' });
    expect(decision.commands.map((c) => c.kind)).toContain('download');
  });

  it('serves the installer byte for byte', async () => {
    const res = await fetch(new URL('Ceiba-Setup-0.5.0.exe', server.url));
    expect(Buffer.from(await res.arrayBuffer()).equals(installer)).toBe(true);
  });

  it('serves nothing outside its folder and accepts no writes', async () => {
    expect((await fetch(new URL('../../etc/passwd', server.url))).status).not.toBe(200);
    expect((await fetch(`${server.url}%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(new URL('latest.yml', server.url), { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('refuses to write a feed for a version that is not semantic', async () => {
    await expect(writeUpdateFeed(dir, { installer: 'Ceiba-Setup-0.5.0.exe', version: 'latest' })).rejects.toThrow(/semantic version/);
  });
});
