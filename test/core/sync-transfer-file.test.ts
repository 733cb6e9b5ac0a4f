import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { sealedFileFailure, sealFile } from '../../src-core/files/sealed-file';
import { createMemoryStore } from '../../src-core/store';
import { collectTransfer, exportTransfer, openTransfer, TRANSFER_KIND, transferManifest } from '../../src-core/sync/transfer/transfer-file';
import { nodeValidator } from '../harness/store-validator-node';

const PASSWORD = 'transferencia-puesto-12';
const ITERATIONS = 1_000;
const NOW = new Date('2026-03-02T15:00:00Z');
const validator = nodeValidator();

const patient = (family: string): Patient => ({ resourceType: 'Patient', name: [{ family, given: ['María'] }], gender: 'female', birthDate: '2020-05-01' });

async function storeWithChanges() {
  const store = createMemoryStore({ validator });
  const a = await store.create(patient('Xiloj'));
  const b = await store.create(patient('Tzoc'));
  const c = await store.create(patient('Peñate'));
  // b and c reached the server once; then b is edited and c deleted on the post.
  await store.markSent([
    { resourceType: 'Patient', id: b.id, versionId: b.meta.versionId ?? '', serverVersionId: '1' },
    { resourceType: 'Patient', id: c.id, versionId: c.meta.versionId ?? '', serverVersionId: '4' },
  ]);
  await store.update({ ...b, gender: 'male' });
  await store.delete('Patient', c.id);
  return { store, ids: [a.id, b.id, c.id] };
}

async function sealRaw(content: unknown): Promise<Uint8Array<ArrayBuffer>> {
  return sealFile({
    kind: TRANSFER_KIND,
    password: PASSWORD,
    content: new TextEncoder().encode(JSON.stringify(content)),
    facts: { device: 'dev-9', created: NOW.toISOString(), changes: 0 },
    iterations: ITERATIONS,
  });
}

describe('offline transfer file', () => {
  it('carries the pending changes with their bases, in upload order, and a readable manifest', async () => {
    const { store, ids } = await storeWithChanges();
    const pending = await store.pendingChanges();
    const bytes = await exportTransfer(pending, { password: PASSWORD, device: 'dev-9', now: NOW, iterations: ITERATIONS });

    expect(transferManifest(bytes)).toEqual({ device: 'dev-9', created: NOW.toISOString(), changes: 3 });
    expect(new TextDecoder().decode(bytes)).not.toContain('Xiloj');

    const opened = await openTransfer(bytes, PASSWORD, validator);
    expect(opened.refused).toEqual([]);
    expect(opened.changes).toEqual(pending);
    const byId = new Map(opened.changes.map((c) => [c.id, c]));
    expect(byId.get(ids[0] ?? '')?.op).toBe('create');
    expect(byId.get(ids[1] ?? '')).toMatchObject({ op: 'update', baseServerVersionId: '1' });
    expect(byId.get(ids[2] ?? '')).toMatchObject({ op: 'delete', baseServerVersionId: '4' });
  });

  it('carries the sync base of each update and delete, so the importer can merge', async () => {
    const { store, ids } = await storeWithChanges();
    const collected = await collectTransfer(store);
    const bytes = await exportTransfer(collected, { password: PASSWORD, device: 'dev-9', now: NOW, iterations: ITERATIONS });
    const opened = await openTransfer(bytes, PASSWORD, validator);
    const byId = new Map(opened.changes.map((c) => [c.id, c]));
    expect(byId.get(ids[0] ?? '')?.base).toBeUndefined();
    expect(byId.get(ids[1] ?? '')?.base).toMatchObject({ resourceType: 'Patient', id: ids[1], gender: 'female' });
    expect(byId.get(ids[2] ?? '')?.base).toMatchObject({ resourceType: 'Patient', id: ids[2] });
  });

  it('accepts a base that has an `outcome` element of its own (Procedure.outcome)', async () => {
    const procedure = {
      resourceType: 'Procedure',
      id: 'proc-1',
      status: 'completed',
      subject: { reference: 'Patient/p-1' },
      code: { text: 'Curación' },
      outcome: { text: 'Sin complicaciones' },
    };
    const bytes = await sealRaw({
      format: 1,
      changes: [{ resourceType: 'Procedure', id: 'proc-1', op: 'update', versionId: '3', seq: 1, baseServerVersionId: '2', base: procedure, resource: { ...procedure, note: [{ text: 'revisado' }] } }],
    });
    const opened = await openTransfer(bytes, PASSWORD, validator);
    expect(opened.refused).toEqual([]);
    expect(opened.changes[0]?.base).toEqual(procedure);
  });

  it('refuses a whole file only when the file is unusable (wrong password)', async () => {
    const { store } = await storeWithChanges();
    const bytes = await exportTransfer(await store.pendingChanges(), { password: PASSWORD, device: 'dev-9', now: NOW, iterations: ITERATIONS });
    const err: unknown = await openTransfer(bytes, 'no-es-la-clave', validator).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeError);
    expect(sealedFileFailure(err)).toBe('wrong-password');
  });

  it('leaves out each bad change with a precise outcome and keeps the rest', async () => {
    const good = { resourceType: 'Patient', id: 'p-good', op: 'create', versionId: '1', seq: 1, resource: { ...patient('Tzoc'), id: 'p-good' } };
    const bytes = await sealRaw({
      format: 1,
      changes: [
        good,
        { resourceType: 'Patient', id: 'p-bad', op: 'create', versionId: '1', seq: 2, resource: { ...patient('Xiloj'), id: 'p-bad', gender: 'hembra' } },
        { resourceType: 'Patient', id: 'p-nobase', op: 'update', versionId: '2', seq: 3, resource: { ...patient('Xiloj'), id: 'p-nobase' } },
        { resourceType: 'Patient', id: 'p-moved', op: 'create', versionId: '1', seq: 4, resource: { ...patient('Xiloj'), id: 'other' } },
        { resourceType: 'Patient', id: '../etc', op: 'delete', versionId: '1', seq: 5, baseServerVersionId: '1' },
        { ...good, seq: 6 },
        'not a change',
      ],
    });
    const opened = await openTransfer(bytes, PASSWORD, validator);
    expect(opened.changes.map((c) => c.id)).toEqual(['p-good']);
    const refused = new Map(opened.refused.map((r) => [r.key, r.outcome.issue[0]]));
    expect(refused.get('Patient/p-bad')?.expression?.some((e) => e.includes('gender'))).toBe(true);
    expect(refused.get('Patient/p-nobase')?.expression).toEqual(['changes[2].baseServerVersionId']);
    expect(refused.get('Patient/p-moved')?.expression).toEqual(['changes[3].resource']);
    expect(refused.get('changes[4]')?.diagnostics).toMatch(/resourceType\/id/);
    expect(refused.get('Patient/p-good')?.diagnostics).toMatch(/twice/);
    expect(refused.get('changes[6]')?.diagnostics).toMatch(/not an object/);
  });

  it('refuses content that is not a changes list', async () => {
    const bytes = await sealRaw({ format: 1, entries: [] });
    const err: unknown = await openTransfer(bytes, PASSWORD, validator).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeError);
    expect((err as OutcomeError).outcome.issue[0]?.details?.text).toMatch(/dañado/);
  });
});
