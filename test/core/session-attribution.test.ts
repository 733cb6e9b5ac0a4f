// Attribution: the Provenance that goes into the same transaction as the writes it is about.
import type { Patient, Provenance } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ceibaValidator } from '../../src-core/fhir/validator';
import { createMemoryStore } from '../../src-core/store';
import { attributedTransaction, provenanceFor, type Attribution } from '../../src-renderer/session/attribution';
import { postResources } from '../../src-renderer/session/post-resources';
import { userResources } from '../../src-renderer/session/user-resources';
import { rejectionOf } from '../harness/encryption-vault';
import { CHICOJ } from '../harness/session-accounts';

const WHO: Attribution = { practitionerId: 'p-rosa', organizationId: 'org-chicoj', locationId: 'loc-chicoj' };
const RECORDED = new Date('2025-11-20T15:52:00.000Z');
let n = 0;
const ids = { uuid: () => `id-${++n}` };
const clock = { now: () => RECORDED };

/** The post and its admin, so the Provenance's references resolve to real records. */
function base() {
  const post = postResources(CHICOJ.post, { organizationId: WHO.organizationId, locationId: WHO.locationId });
  const admin = userResources(
    { userId: 'rosa.caal', given: 'Rosa', family: 'Caal Xol', role: 'admin', position: 'enfermera-profesional' },
    { practitionerId: WHO.practitionerId, practitionerRoleId: 'r-rosa', organizationId: WHO.organizationId, locationId: WHO.locationId },
  );
  return [post.organization, post.location, admin.practitioner, admin.practitionerRole];
}

const patient = (id: string, birthDate = '2023-05-02'): Patient & { id: string } => ({
  resourceType: 'Patient',
  id,
  meta: { profile: ['https://ceiba.mspas.gob.gt/fhir/StructureDefinition/ceiba-patient'] },
  name: [{ family: 'Xiloj Tzoc', given: ['María'] }],
  gender: 'female',
  birthDate,
});

describe('provenanceFor', () => {
  it('names the author, the post, where and when, and the targets; valid against ceiba-provenance', () => {
    const provenance = provenanceFor(WHO, [{ reference: 'Patient/a' }, { reference: 'Encounter/b' }], { id: 'prov-1', recorded: RECORDED, activity: 'UPDATE' });
    expect(provenance).toMatchObject({
      resourceType: 'Provenance',
      id: 'prov-1',
      target: [{ reference: 'Patient/a' }, { reference: 'Encounter/b' }],
      recorded: '2025-11-20T15:52:00.000Z',
      location: { reference: 'Location/loc-chicoj' },
      activity: { coding: [{ code: 'UPDATE' }] },
      agent: [{ who: { reference: 'Practitioner/p-rosa' }, onBehalfOf: { reference: 'Organization/org-chicoj' } }],
    });
    expect(ceibaValidator().validate(provenance).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('refuses to attribute nothing', () => {
    expect(() => provenanceFor(WHO, [], { id: 'x', recorded: RECORDED })).toThrow(RangeError);
  });
});

describe('attributedTransaction', () => {
  it('writes the resources and their Provenance together', async () => {
    const store = createMemoryStore({ validator: ceibaValidator() });
    await store.importBundle(attributedTransaction(base(), WHO, { ids, clock }));
    const bundle = attributedTransaction([patient('pat-1'), patient('pat-2')], WHO, { ids, clock });
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => e.request)).toEqual([
      { method: 'PUT', url: 'Patient/pat-1' },
      { method: 'PUT', url: 'Patient/pat-2' },
      { method: 'PUT', url: expect.stringMatching(/^Provenance\/id-\d+$/) as unknown },
    ]);
    await store.importBundle(bundle);
    const provenances = await store.search('Provenance', { target: 'Patient/pat-2' });
    expect(provenances.total).toBe(1);
    expect((provenances.resources[0] as Provenance).target).toEqual([{ reference: 'Patient/pat-1' }, { reference: 'Patient/pat-2' }]);
  });

  it('is all or nothing: an invalid write leaves neither it nor its Provenance', async () => {
    const store = createMemoryStore({ validator: ceibaValidator() });
    await store.importBundle(attributedTransaction(base(), WHO, { ids, clock }));
    const before = await store.stats();
    const err = await rejectionOf(store.importBundle(attributedTransaction([patient('pat-3'), patient('pat-4', 'not-a-date')], WHO, { ids, clock })));
    expect(err.issue.some((i) => i.expression?.some((e) => e.startsWith('Bundle.entry[1]')))).toBe(true);
    expect(await store.stats()).toEqual(before);
  });
});
