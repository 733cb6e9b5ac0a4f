// Requirement 1: the data directory's journal survives restarts and crashes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE } from '../../src-server/central/data-dir-lock';
import { JournalCorruptError } from '../../src-server/central/journal';
import { JOURNAL_FILE, startCentralServer } from '../../src-server/central/server';
import { CentralFixture, asResource, patient, uuid } from './central-fixture';

describe('central server persistence', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('keeps resources, versionIds, lastUpdated and history (deletes included) across a restart', async () => {
    const kept = uuid();
    const removed = uuid();
    await fx.put(patient(kept, 'Xol'));
    const v2 = asResource(await fx.put(patient(kept, 'Xol Tzul')), 'Patient');
    const created = asResource(await fx.post(patient('ignored', 'Cux')), 'Patient');
    await fx.put(patient(removed, 'Ixcoy'));
    expect((await fx.send('DELETE', `Patient/${removed}`)).status).toBe(200);
    const historyBefore = (await fx.get(`Patient/${kept}/_history`)).body as Bundle;
    const systemBefore = (await fx.get('_history')).body as Bundle;

    await fx.restart();

    const read = await fx.get(`Patient/${kept}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(v2);
    expect(read.headers.get('etag')).toBe('W/"2"');
    expect(asResource(await fx.get(`Patient/${kept}/_history/1`), 'Patient').name?.[0]?.family).toBe('Xol');
    expect((await fx.get(`Patient/${created.id ?? ''}`)).body).toEqual(created);
    expect((await fx.get(`Patient/${removed}`)).status).toBe(410);
    const historyAfter = (await fx.get(`Patient/${kept}/_history`)).body as Bundle;
    expect(withoutUrls(historyAfter)).toEqual(withoutUrls(historyBefore));
    const systemAfter = (await fx.get('_history')).body as Bundle;
    expect(withoutUrls(systemAfter)).toEqual(withoutUrls(systemBefore));
    expect(systemAfter.entry?.some((e) => e.request?.method === 'DELETE' && e.request.url === `Patient/${removed}`)).toBe(true);

    const v3 = asResource(await fx.put(patient(kept, 'Xol Tzul Cac')), 'Patient');
    expect(v3.meta?.versionId).toBe('3');
    expect(Date.parse(v3.meta?.lastUpdated ?? '')).toBeGreaterThan(Date.parse(v2.meta?.lastUpdated ?? ''));
  });

  it('keeps a whole transaction across a restart', async () => {
    const ids = [uuid(), uuid(), uuid()];
    const tx = await fx.send('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: ids.map((id) => ({ resource: patient(id), request: { method: 'PUT', url: `Patient/${id}` } })),
      },
    });
    expect(tx.status).toBe(200);
    await fx.restart();
    for (const id of ids) expect((await fx.get(`Patient/${id}`)).status).toBe(200);
  });

  it('drops a torn last line, logs it, and appends cleanly afterwards', async () => {
    const before = uuid();
    await fx.put(patient(before));
    await fx.stop();
    // What a crash in the middle of an append leaves behind: part of a line, no newline.
    await appendFile(fx.journalPath, '{"versions":[{"resourceType":"Patient","id":"torn","versionId":"1","lastUp');

    await fx.startAgain();
    const warning = fx.logs.find((r) => r.msg === 'journal torn tail dropped');
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.droppedBytes).toBeGreaterThan(0);
    expect((await fx.get(`Patient/${before}`)).status).toBe(200);
    expect((await fx.get('Patient/torn')).status).toBe(404);

    const after = uuid();
    expect((await fx.put(patient(after))).status).toBe(201);
    await fx.restart();
    expect((await fx.get(`Patient/${before}`)).status).toBe(200);
    expect((await fx.get(`Patient/${after}`)).status).toBe(200);
  });

  it('refuses a second server on the same data directory, and takes over the lock of a dead one', async () => {
    await expect(startCentralServer({ port: 0, dataDir: fx.dataDir, logger: fx.logger() })).rejects.toBeInstanceOf(DataDirInUseError);
    expect((await fx.get('metadata')).status).toBe(200);

    await fx.stop();
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    await writeFile(join(fx.dataDir, LOCK_FILE), String(dead.pid));
    await fx.startAgain();
    expect((await fx.get('metadata')).status).toBe(200);
  });

  it('refuses to start when an unreadable line is followed by good ones', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ceiba-central-corrupt-'));
    try {
      const good = JSON.stringify({
        versions: [{ resourceType: 'Patient', id: 'a', versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z', method: 'DELETE' }],
      });
      await writeFile(join(dataDir, JOURNAL_FILE), `${good}\n{"versions":[garbage\n${good}\n`);
      await expect(startCentralServer({ port: 0, dataDir, logger: fx.logger() })).rejects.toBeInstanceOf(JournalCorruptError);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** History compared across a restart: the port (so fullUrl and self links) changes, nothing else. */
function withoutUrls(bundle: Bundle): unknown {
  return {
    total: bundle.total,
    entry: bundle.entry?.map((entry) => {
      const rest = { ...entry };
      delete rest.fullUrl;
      return rest;
    }),
  };
}
