// The health post's records on the central server: Synthea patients cloned and re-identified by
// the store benchmark's generator (test/bench/store/population.ts: new UUIDs, Guatemalan names,
// valid CUIs, ~30 resources each), sent as Ceiba sends everything: transaction bundles of
// `PUT [type]/[id]` with device-assigned ids and `Type/id` references, each resource tagged with
// the post's code.
import { readdirSync, readFileSync } from 'node:fs';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { HEALTH_POST_CODE_SYSTEM } from '../../../src-core/fhir/canonical';
import { RESOURCES_PER_PATIENT, reidentify, rng, subsample } from '../store/population';

/** The post whose records the benchmark downloads (a made-up code). */
export const POST_TAG = { system: HEALTH_POST_CODE_SYSTEM, code: 'bench-0001' } as const;

/** Templates: each Synthea bundle cut to a self-contained ~30 resources. */
export function loadTemplates(dir: string): BundleEntry[][] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no Synthea bundles in ${dir}`);
  return files.map((f) => subsample(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Bundle, RESOURCES_PER_PATIENT));
}

export interface PopulationBatch {
  readonly bundle: Bundle;
  readonly patients: number;
  readonly resources: number;
}

/**
 * `patients` cloned patients, `perBundle` to a transaction, in a reproducible order (seeded).
 * Generated lazily: 300,000 resources are built while earlier bundles are being stored.
 */
export function* postPopulation(templates: readonly BundleEntry[][], patients: number, perBundle: number, seed = 20_241_107): Generator<PopulationBatch> {
  const random = rng(seed);
  for (let done = 0; done < patients; done += perBundle) {
    const count = Math.min(perBundle, patients - done);
    const entry: BundleEntry[] = [];
    for (let i = 0; i < count; i++) {
      const template = templates[Math.floor(random() * templates.length)] ?? [];
      entry.push(...asPuts(reidentify(template, random).entries));
    }
    yield { bundle: { resourceType: 'Bundle', type: 'transaction', entry }, patients: count, resources: entry.length };
  }
}

const URN = /"urn:uuid:([0-9a-f-]{36})"/g;

/** POST-with-urn:uuid entries → PUT [type]/[id] entries with plain references and the post's tag. */
function asPuts(entries: readonly BundleEntry[]): BundleEntry[] {
  const typeOf = new Map<string, string>();
  for (const e of entries) {
    if (e.resource?.id !== undefined) typeOf.set(e.resource.id, e.resource.resourceType);
  }
  return entries.flatMap((e) => {
    if (e.resource?.id === undefined) return [];
    const text = JSON.stringify(e.resource).replace(URN, (whole, id: string) => {
      const type = typeOf.get(id);
      return type === undefined ? whole : `"${type}/${id}"`;
    });
    const resource = JSON.parse(text) as Resource & { id: string };
    resource.meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), { ...POST_TAG }] };
    return [{ fullUrl: `urn:uuid:${resource.id}`, resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } }];
  });
}
