// A lost acknowledgement followed by more work: the server committed a post's transaction, the
// reply never arrived (cut link, or the process died before markSent), and before the next run
// the nurse edits the same record again — or another post builds on the version that landed.
// Found by the per-request fault suite's reasoning and the convergence property test (issue 5):
// the merge of the next run must not take the post's own landed upload for someone else's edit.
import type { Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultProxy } from '../harness/fault-proxy';
import { startFaultProxy } from '../harness/fault-proxy';
import { CentralFixture } from './central-fixture';
import type { Device } from './sync-engine-rig';
import { contents, newPatient, openDevice, serverContents } from './sync-engine-rig';

describe('a lost acknowledgement, then more edits', () => {
  let fx: CentralFixture;
  let proxy: FaultProxy;
  let a: Device;
  let b: Device;

  beforeEach(async () => {
    fx = await CentralFixture.start();
    proxy = await startFaultProxy({ target: fx.baseUrl, noDelay: true });
    // A's link: one attempt per request, so a cut reply ends the run (as a dropped link would).
    a = await openDevice(proxy.baseUrl, { transport: { retry: { maxAttempts: 1 } } });
    b = await openDevice(fx.baseUrl);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await proxy.close();
    await fx.dispose();
  });

  const serverPatient = async (id: string): Promise<Patient> => (await fx.get(`Patient/${id}`)).body as Patient;
  const edit = async (device: Device, id: string, change: Partial<Patient>): Promise<void> => {
    await device.store.update({ ...(await device.store.read('Patient', id)), ...change });
  };

  /** A's next run loses the reply of its first transaction (the server committed it). */
  async function runLosingTheReply(): Promise<void> {
    proxy.planSequence([{ kind: 'reset-after-commit' }]);
    const r = await a.engine.run();
    expect(r.outcome).toBe('failed');
    expect(proxy.log.at(-1)?.action).toBe('reset-after-commit');
  }

  async function expectConverged(): Promise<void> {
    for (let pass = 0; pass < 2; pass++) {
      expect((await a.engine.run()).outcome).toBe('succeeded');
      expect((await b.engine.run()).outcome).toBe('succeeded');
    }
    const server = await serverContents(b.transport);
    expect(await contents(a.store)).toEqual(server);
    expect(await contents(b.store)).toEqual(server);
    for (const d of [a, b]) expect([(await d.store.stats()).pendingChanges, (await d.store.conflicts()).length]).toEqual([0, 0]);
  }

  it('the same post edits the same field again: its landed upload is the merge base, not a conflict', async () => {
    const { id } = await a.store.create(newPatient('Xol'));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await edit(a, id, { gender: 'other' });
    await runLosingTheReply();
    expect((await serverPatient(id)).gender).toBe('other');
    await edit(a, id, { gender: 'male' });

    const r = await a.engine.run();
    expect(r.outcome).toBe('succeeded');
    expect(r.conflicts).toBe(0);
    expect(await a.store.conflicts()).toEqual([]);
    expect((await serverPatient(id)).gender).toBe('male');
    await expectConverged();
  });

  it('the same post dies between the commit and markSent, then edits the same field again: no conflict', async () => {
    const { id } = await a.store.create(newPatient('Xol'));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await edit(a, id, { birthDate: '1991-01-01' });
    const crash = new Error('power cut');
    const off = a.engine.onTransition((t) => {
      if (t.to.name === 'recording-acks') throw crash;
    });
    await expect(a.engine.run()).rejects.toBe(crash);
    off();
    await edit(a, id, { birthDate: '1992-02-02' });

    const r = await a.engine.run();
    expect([r.outcome, r.conflicts]).toEqual(['succeeded', 0]);
    expect((await serverPatient(id)).birthDate).toBe('1992-02-02');
    await expectConverged();
  });

  it('the landed upload is the base only for what came after it: an older edit undone centrally still conflicts', async () => {
    // Guards the fix above against taking any local version equal to the server's as the base:
    // A's version 1 equals what the central office restored, but A edited on top of the version
    // the server then held (v2), so the restore is a real concurrent change.
    const { id } = await a.store.create(newPatient('Xol', { gender: 'female' }));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await edit(a, id, { gender: 'other' });
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await b.engine.run();
    await edit(b, id, { gender: 'female' });
    await b.engine.run();
    await edit(a, id, { gender: 'male' });

    const r = await a.engine.run();
    expect(r.conflicts).toBe(1);
    expect((await a.store.conflicts())[0]?.paths).toEqual(['Patient.gender']);
  });

  // Fixed in src-core/sync/engine/in-flight-uploads.ts: a create goes without If-Match, so after
  // a lost reply the engine used to send it again unconditionally (overwriting another post's
  // edit), and a local delete squashed create + delete to nothing (the resource stayed on the
  // server). Both failed before the fix.
  it('another post edits the landed create before the next run: the re-sent create must not overwrite it', async () => {
    const { id } = await a.store.create(newPatient('Xol'));
    await runLosingTheReply();
    // The create landed: B pulls it and edits it.
    await b.engine.run();
    await edit(b, id, { gender: 'male' });
    expect((await b.engine.run()).pushed).toBe(1);
    expect((await serverPatient(id)).gender).toBe('male');

    // A still holds its create as unacknowledged and sends it again, as a PUT without If-Match.
    await a.engine.run();
    expect((await serverPatient(id)).gender).toBe('male');
    await expectConverged();
    expect((await b.store.read('Patient', id)).gender).toBe('male');
  });

  it('the post deletes its own create whose reply was lost: the delete reaches the server', async () => {
    // The store squashes create + delete into nothing, as if the server had never seen the
    // resource (src-core/store/changes/squash-change.ts), but the create had landed.
    const { id } = await a.store.create(newPatient('Xol'));
    await runLosingTheReply();
    await a.store.delete('Patient', id);
    expect((await a.engine.run()).outcome).toBe('succeeded');
    expect((await fx.get(`Patient/${id}`)).status).not.toBe(200);
    await expectConverged();
    expect((await b.store.versionInfo('Patient', id))?.deleted ?? true).toBe(true);
  });

  // KNOWN GAP (reported with issue 5): the two tests below record a conflict a person must settle
  // where none is needed (nothing is lost or overwritten). An update whose reply was lost is sent
  // again with If-Match on the old base; the 412 merge cannot tell that the server's newer version
  // was built on our landed update without reading the instance history. `it.fails` turns red the
  // day that is fixed — then make them `it`.
  it.fails('another post changes the same field knowingly on top of the landed update: not a conflict', async () => {
    const { id } = await a.store.create(newPatient('Xol'));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await b.engine.run();
    await edit(a, id, { gender: 'other' });
    await runLosingTheReply();
    await b.engine.run();
    expect((await b.store.read('Patient', id)).gender).toBe('other');
    await edit(b, id, { gender: 'male' });
    await b.engine.run();

    const r = await a.engine.run();
    expect([r.outcome, r.conflicts]).toEqual(['succeeded', 0]);
    await expectConverged();
    expect((await serverPatient(id)).gender).toBe('male');
  });

  it.fails('another post merges a disjoint edit on top of the landed update, and A edits its field again: not a conflict', async () => {
    const { id } = await a.store.create(newPatient('Xol'));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    await b.engine.run();
    await edit(a, id, { gender: 'other' });
    await runLosingTheReply();
    await b.engine.run();
    await edit(b, id, { telecom: [{ system: 'phone', value: '5555-0101' }] });
    await b.engine.run();
    await edit(a, id, { gender: 'male' });

    const r = await a.engine.run();
    expect([r.outcome, r.conflicts]).toEqual(['succeeded', 0]);
    await expectConverged();
    const server = await serverPatient(id);
    expect([server.gender, server.telecom?.[0]?.value]).toEqual(['male', '5555-0101']);
  });
});
