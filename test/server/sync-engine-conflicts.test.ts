// Conflicts through the real protocol (DESIGN §5): edits on two devices to one resource meet at
// the central server as a 412; disjoint edits merge without a person, overlapping ones become a
// conflict record that is resolved each way and then converges on every device.
import type { Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture } from './central-fixture';
import type { Device, StoreKind } from './sync-engine-rig';
import { contents, newPatient, openDevice, serverContents } from './sync-engine-rig';

describe.each<StoreKind>(['memory', 'dexie'])('sync engine conflicts with the %s store', (storeKind) => {
  let fx: CentralFixture;
  let a: Device;
  let b: Device;
  let id: string;

  /** A patient both devices hold in sync. */
  beforeEach(async () => {
    fx = await CentralFixture.start();
    a = await openDevice(fx.baseUrl, { store: storeKind });
    b = await openDevice(fx.baseUrl, { store: storeKind });
    id = (await a.store.create(newPatient('Xol', { telecom: [{ system: 'phone', value: '5555-0101' }] }))).id;
    expect((await a.engine.run()).outcome).toBe('succeeded');
    expect((await b.engine.run()).pulled).toBe(1);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await fx.dispose();
  });

  const edit = async (device: Device, change: (p: Patient) => Patient): Promise<void> => {
    await device.store.update(change(await device.store.read('Patient', id)));
  };

  /** Both devices sync until quiet and hold exactly what the server holds. */
  async function expectConverged(): Promise<void> {
    await a.engine.run();
    await b.engine.run();
    await a.engine.run();
    const server = await serverContents(a.transport);
    expect(await contents(a.store)).toEqual(server);
    expect(await contents(b.store)).toEqual(server);
    for (const d of [a, b]) {
      expect((await d.store.stats()).pendingChanges).toBe(0);
      expect(await d.store.conflicts()).toEqual([]);
    }
  }

  it('merges disjoint edits at the push: the 412 is settled against the server copy and sent again in the same run', async () => {
    await edit(a, (p) => ({ ...p, gender: 'other' }));
    await edit(b, (p) => ({ ...p, birthDate: '1991-05-06' }));
    expect((await a.engine.run()).pushed).toBe(1);

    const rb = await b.engine.run();
    expect(rb.outcome).toBe('succeeded');
    expect(rb.merged).toBe(1);
    expect(rb.conflicts).toBe(0);
    expect(rb.pushed).toBe(1);
    expect(b.transitions.some((t) => t.to.name === 'merging')).toBe(true);
    const server = (await fx.get(`Patient/${id}`)).body as Patient;
    expect([server.gender, server.birthDate, server.meta?.versionId]).toEqual(['other', '1991-05-06', '3']);
    await expectConverged();
  });

  it('merges a server edit into a local edit made during the pull, and uploads the merge in the settle push', async () => {
    await edit(a, (p) => ({ ...p, gender: 'other' }));
    await a.engine.run();
    // B edits while its run is between the push (nothing to send) and the pull of patients.
    let edited = false;
    b.engine.onTransition(async (t) => {
      if (!edited && t.to.name === 'counting' && t.to.resourceType === 'Patient') {
        edited = true;
        await edit(b, (p) => ({ ...p, birthDate: '1991-05-06' }));
      }
    });
    const rb = await b.engine.run();
    expect(edited).toBe(true);
    expect(rb.merged).toBe(1);
    expect(b.transitions.some((t) => t.to.name === 'planning-push' && t.to.phase === 'settle')).toBe(true);
    expect(rb.pushed).toBe(1);
    const server = (await fx.get(`Patient/${id}`)).body as Patient;
    expect([server.gender, server.birthDate]).toEqual(['other', '1991-05-06']);
    await expectConverged();
  });

  describe('a true conflict (both devices changed the name and the phone)', () => {
    beforeEach(async () => {
      await edit(a, (p) => ({ ...p, name: [{ family: 'Xol Tzoc', given: ['Ana'] }], telecom: [{ system: 'phone', value: '5555-0202' }], gender: 'other' }));
      await edit(b, (p) => ({ ...p, name: [{ family: 'Xol Pop', given: ['Ana'] }], telecom: [{ system: 'phone', value: '5555-0303' }], birthDate: '1991-05-06' }));
      await a.engine.run();
      const rb = await b.engine.run();
      expect(rb.outcome).toBe('succeeded');
      expect(rb.conflicts).toBe(1);
      const status = await b.engine.status();
      expect(status.conflicts).toHaveLength(1);
      expect(status.conflicts[0]?.paths).toEqual(['Patient.name', 'Patient.telecom']);
      expect((status.conflicts[0]?.remote as Patient | undefined)?.name?.[0]?.family).toBe('Xol Tzoc');
      expect((status.conflicts[0]?.local as Patient | undefined)?.name?.[0]?.family).toBe('Xol Pop');
      // Nothing was overwritten: the server keeps A's version, B keeps its own and does not resend it.
      expect(((await fx.get(`Patient/${id}`)).body as Patient).name?.[0]?.family).toBe('Xol Tzoc');
      b.requests.length = 0;
      expect((await b.engine.run()).pushed).toBe(0);
      expect(b.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
      expect(b.events.some((e) => e.type === 'issue' && e.outcome.issue[0]?.code === 'conflict')).toBe(true);
    });

    it('keep local: B\'s version goes up on top of A\'s, with A\'s disjoint change kept', async () => {
      await b.engine.resolveConflict('Patient', id, 'local');
      expect(await b.store.conflicts()).toEqual([]);
      expect((await b.engine.run()).pushed).toBe(1);
      const server = (await fx.get(`Patient/${id}`)).body as Patient;
      expect([server.name?.[0]?.family, server.telecom?.[0]?.value, server.gender, server.birthDate]).toEqual(['Xol Pop', '5555-0303', 'other', '1991-05-06']);
      await expectConverged();
    });

    it('keep remote: B takes A\'s version (keeping its own disjoint change) and nothing of the conflict is lost on the server', async () => {
      await b.engine.resolveConflict('Patient', id, 'remote');
      await b.engine.run();
      const server = (await fx.get(`Patient/${id}`)).body as Patient;
      expect([server.name?.[0]?.family, server.telecom?.[0]?.value, server.gender, server.birthDate]).toEqual(['Xol Tzoc', '5555-0202', 'other', '1991-05-06']);
      await expectConverged();
    });

    it('field by field: the name from B, the phone from A', async () => {
      await b.engine.resolveConflict('Patient', id, { fields: { 'Patient.name': 'local', 'Patient.telecom': 'remote' } });
      await b.engine.run();
      const server = (await fx.get(`Patient/${id}`)).body as Patient;
      expect([server.name?.[0]?.family, server.telecom?.[0]?.value, server.gender, server.birthDate]).toEqual(['Xol Pop', '5555-0202', 'other', '1991-05-06']);
      await expectConverged();
    });

    it('refuses a field-by-field choice that leaves a conflicting path undecided, and keeps the conflict', async () => {
      await expect(b.engine.resolveConflict('Patient', id, { fields: { 'Patient.name': 'local' } })).rejects.toMatchObject({
        outcome: { issue: [{ code: 'required', expression: ['Patient.telecom'] }] },
      });
      expect(await b.store.conflicts()).toHaveLength(1);
    });
  });

  it('an edit against a central delete is a conflict; keeping the local version brings the resource back everywhere', async () => {
    expect((await fx.send('DELETE', `Patient/${id}`)).status).toBe(200);
    await edit(b, (p) => ({ ...p, gender: 'other' }));
    const rb = await b.engine.run();
    expect(rb.conflicts).toBe(1);
    const [conflict] = await b.store.conflicts();
    expect(conflict?.remote).toBeUndefined();
    expect(conflict?.paths).toEqual(['Patient']);

    await b.engine.resolveConflict('Patient', id, 'local');
    const again = await b.engine.run();
    expect(again.outcome).toBe('succeeded');
    expect(again.pushed).toBe(1);
    expect(((await fx.get(`Patient/${id}`)).body as Patient).gender).toBe('other');
    await expectConverged();
    expect((await a.store.read('Patient', id)).gender).toBe('other');
  });

  it('an edit against a central delete, resolved by keeping the delete, leaves the resource deleted everywhere', async () => {
    expect((await fx.send('DELETE', `Patient/${id}`)).status).toBe(200);
    await edit(b, (p) => ({ ...p, gender: 'other' }));
    await b.engine.run();
    await b.engine.resolveConflict('Patient', id, 'remote');
    await expectConverged();
    expect((await b.store.versionInfo('Patient', id))?.deleted).toBe(true);
    expect((await a.store.versionInfo('Patient', id))?.deleted).toBe(true);
    expect((await fx.get(`Patient/${id}`)).status).toBe(410);
  });
});
