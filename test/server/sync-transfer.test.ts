// Offline transfer end to end: a post without a link exports its pending changes to a sealed file;
// another PC pushes the file to the reference central server; the post's own later sync, a second
// import of the same file, and edits made centrally meanwhile all converge with nothing lost,
// nothing duplicated and real conflicts left to a person.
import type { Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-core/platform/clock';
import type { WithId } from '../../src-core/store';
import { pushTransfer } from '../../src-core/sync/transfer/push-transfer';
import { collectTransfer, exportTransfer, openTransfer } from '../../src-core/sync/transfer/transfer-file';
import { memoizedValidator } from '../harness/store-validator-node';
import { CentralFixture } from './central-fixture';
import { contents, newObservation, newPatient, openDevice, serverContents, type Device } from './sync-engine-rig';

const PASSWORD = 'memoria-usb-puesto-7';
const validator = memoizedValidator();

describe('offline transfer through a file', () => {
  let fx: CentralFixture;
  let devices: Device[];

  beforeEach(async () => {
    fx = await CentralFixture.start();
    devices = [];
  });
  afterEach(async () => {
    await Promise.all(devices.map((d) => d.close()));
    await fx.stop();
  });

  async function device(): Promise<Device> {
    const d = await openDevice(fx.baseUrl);
    devices.push(d);
    return d;
  }

  /** Post A synced once, then worked offline: an edit, a delete and a new patient. */
  async function offlinePost(): Promise<{ post: Device; edited: WithId<Patient>; created: WithId<Patient>; file: Uint8Array }> {
    const post = await device();
    const p1 = await post.store.create(newPatient('Xiloj'));
    const p2 = await post.store.create(newPatient('Tzoc'));
    const obs = await post.store.create(newObservation(p2.id, 12.5));
    expect((await post.engine.run()).outcome).toBe('succeeded');
    const edited = await post.store.update({ ...(await post.store.read('Patient', p1.id)), birthDate: '1991-04-02' });
    await post.store.delete('Observation', obs.id);
    const created = await post.store.create(newPatient('Peñate'));
    const file = await exportTransfer(await collectTransfer(post.store), { password: PASSWORD, device: 'post-7', now: new Date(), iterations: 1_000 });
    return { post, edited, created, file };
  }

  async function importFile(file: Uint8Array, courier: Device) {
    const opened = await openTransfer(file, PASSWORD, validator);
    expect(opened.refused).toEqual([]);
    return pushTransfer(opened.changes, { transport: courier.transport, validator, clock: systemClock });
  }

  it('lands every change once; the post then syncs to the same content with nothing left over', async () => {
    const { post, edited, created, file } = await offlinePost();
    const courier = await device();
    const result = await importFile(file, courier);
    expect(result).toMatchObject({ outcome: 'succeeded', pushed: 3, alreadyPresent: 0, conflicts: [], attention: [], deferred: [] });
    expect((await courier.transport.read('Patient', edited.id)).kind).toBe('found');
    expect((await courier.transport.read('Patient', created.id)).kind).toBe('found');

    // The post's own sync later: the acknowledgements never reached it, yet nothing is duplicated
    // or flagged, and its outbox empties.
    const run = await post.engine.run();
    expect(run).toMatchObject({ outcome: 'succeeded', conflicts: 0, attention: 0 });
    expect((await post.store.stats()).pendingChanges).toBe(0);
    expect(await post.store.conflicts()).toEqual([]);
    const server = await serverContents(courier.transport);
    expect(await contents(post.store)).toEqual(server);
    expect(server.filter((r) => r.startsWith('Patient/'))).toHaveLength(3);
    expect(server.filter((r) => r.startsWith('Observation/'))).toHaveLength(0);

    // A third PC pulls the same thing.
    const other = await device();
    await other.engine.run();
    expect(await contents(other.store)).toEqual(server);
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const { file } = await offlinePost();
    const courier = await device();
    await importFile(file, courier);
    const before = await serverContents(courier.transport);
    const second = await importFile(file, courier);
    expect(second).toMatchObject({ outcome: 'succeeded', alreadyPresent: 1, conflicts: [], attention: [], deferred: [] });
    expect(await serverContents(courier.transport)).toEqual(before);
  });

  it('merges a disjoint central edit made after the export, and leaves a real conflict to a person', async () => {
    const { edited, file } = await offlinePost();
    const central = await device();
    await central.engine.run();
    // Centrally, after the export: one disjoint edit (gender) to the edited patient...
    const there = await central.store.read('Patient', edited.id);
    await central.store.update({ ...there, gender: 'male' });
    expect((await central.engine.run()).outcome).toBe('succeeded');

    const courier = await device();
    const merged = await importFile(file, courier);
    expect(merged).toMatchObject({ outcome: 'succeeded', conflicts: [], attention: [] });
    const read = await courier.transport.read('Patient', edited.id);
    expect(read.kind === 'found' && (read.resource as Patient)).toMatchObject({ gender: 'male', birthDate: '1991-04-02' });

    // ...then a second central edit of the same field the file changed: a conflict, not a push.
    await central.engine.run();
    const again = await central.store.read('Patient', edited.id);
    await central.store.update({ ...again, birthDate: '1989-12-31' });
    await central.engine.run();
    const conflict = await importFile(file, courier);
    expect(conflict.conflicts.map((c) => `${c.resourceType}/${c.id}`)).toEqual([`Patient/${edited.id}`]);
    const kept = await courier.transport.read('Patient', edited.id);
    expect(kept.kind === 'found' && (kept.resource as Patient).birthDate).toBe('1989-12-31');
  });

  it('does not overwrite a created patient that was changed on the server since', async () => {
    const { post, created, file } = await offlinePost();
    await post.engine.run();
    const central = await device();
    await central.engine.run();
    await central.store.update({ ...(await central.store.read('Patient', created.id)), gender: 'other' });
    await central.engine.run();

    const courier = await device();
    const result = await importFile(file, courier);
    expect(result.conflicts.map((c) => `${c.resourceType}/${c.id}`)).toEqual([`Patient/${created.id}`]);
    expect(result.conflicts[0]?.paths).toContain('Patient.gender');
    const kept = await courier.transport.read('Patient', created.id);
    expect(kept.kind === 'found' && (kept.resource as Patient).gender).toBe('other');
  });
});
