// Who recorded what (issue 6, "actions are attributed"): a Provenance written in the same
// transaction as the resources it is about, so a record never exists without its author. The
// agent is the signed-in user's Practitioner acting for the health post; `location` is where the
// record was made (ceiba-provenance requires it: records made offline are synchronised later).
import type { Bundle, BundleEntry, Provenance, Reference, Resource } from '@medplum/fhirtypes';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import type { Clock } from '../../src-core/platform/clock';
import type { Ids } from '../../src-core/platform/ids';

/** Who acts and where: taken from the unlocked session (user.practitionerId, post ids). */
export interface Attribution {
  readonly practitionerId: string;
  readonly organizationId: string;
  readonly locationId: string;
}

export type ProvenanceActivity = 'CREATE' | 'UPDATE' | 'DELETE';

const DATA_OPERATION = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

export type WrittenResource = Resource & { id: string };

export function provenanceFor(
  attribution: Attribution,
  targets: readonly Reference[],
  options: { id: string; recorded: Date; activity?: ProvenanceActivity },
): Provenance & { id: string } {
  if (targets.length === 0) throw new RangeError('a Provenance needs at least one target');
  return {
    resourceType: 'Provenance',
    id: options.id,
    meta: { profile: [CEIBA_PROFILE.provenance] },
    target: targets.map((t) => ({ ...t })),
    recorded: options.recorded.toISOString(),
    location: { reference: `Location/${attribution.locationId}` },
    activity: { coding: [{ system: DATA_OPERATION, code: options.activity ?? 'CREATE' }] },
    agent: [
      {
        type: { coding: [{ system: PARTICIPATION_TYPE, code: 'author' }] },
        who: { reference: `Practitioner/${attribution.practitionerId}` },
        onBehalfOf: { reference: `Organization/${attribution.organizationId}` },
      },
    ],
  };
}

/**
 * One transaction Bundle: a PUT per written resource (device-assigned ids, DESIGN §5) and the
 * Provenance naming them all. Import it with `store.importBundle`: all of it is written or none.
 */
export function attributedTransaction(
  writes: readonly WrittenResource[],
  attribution: Attribution,
  deps: { ids: Ids; clock: Clock; activity?: ProvenanceActivity },
): Bundle {
  const provenance = provenanceFor(
    attribution,
    writes.map((r) => ({ reference: `${r.resourceType}/${r.id}` })),
    { id: deps.ids.uuid(), recorded: deps.clock.now(), ...(deps.activity === undefined ? {} : { activity: deps.activity }) },
  );
  const entry = (resource: WrittenResource): BundleEntry => ({
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  });
  return { resourceType: 'Bundle', type: 'transaction', entry: [...writes.map(entry), entry(provenance)] };
}
