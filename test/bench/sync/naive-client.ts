// The baseline the sync engine is compared with in the same run: a client that moves data one
// resource per request. It lists ids first (not timed: a generous baseline), then sends
// `GET [type]/[id]` for each, one after the other, over the same keep-alive fetch the engine
// uses, parses each answer and hands it to the same kind of store write the engine ends in.
// It runs on a sample and reports a rate (resources/s), never an extrapolated time.
import type { Bundle, Resource } from '@medplum/fhirtypes';

export interface ResourceRef {
  readonly resourceType: string;
  readonly id: string;
}

const ACCEPT = { Accept: 'application/fhir+json' };

/**
 * About `size` ids, each type represented in proportion to its share of `typeCounts`
 * (at least one of each), read from the first pages of a plain search per type.
 */
export async function sampleIds(baseUrl: string, typeCounts: Readonly<Record<string, number>>, size: number): Promise<ResourceRef[]> {
  const total = Object.values(typeCounts).reduce((a, b) => a + b, 0);
  const refs: ResourceRef[] = [];
  for (const [resourceType, count] of Object.entries(typeCounts)) {
    const wanted = Math.min(count, Math.max(1, Math.round((size * count) / total)));
    let url: string | undefined = `${baseUrl}/${resourceType}?_count=${String(Math.min(wanted, 1000))}`;
    let found = 0;
    while (url !== undefined && found < wanted) {
      const response = await fetch(url, { headers: ACCEPT });
      if (response.status !== 200) throw new Error(`listing ${resourceType} ids answered ${String(response.status)}`);
      const page = (await response.json()) as Bundle;
      for (const entry of page.entry ?? []) {
        if (found >= wanted || entry.resource?.id === undefined) continue;
        refs.push({ resourceType, id: entry.resource.id });
        found += 1;
      }
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
  }
  return refs;
}

export interface NaiveResult {
  readonly resources: number;
  /** Answer bytes as fetch delivered them (after inflation). */
  readonly bytes: number;
  readonly ms: number;
}

/** One GET per resource, in turn; `store` receives each parsed resource before the next GET. */
export async function naiveDownload(baseUrl: string, refs: readonly ResourceRef[], store: (resource: Resource) => Promise<void>): Promise<NaiveResult> {
  let bytes = 0;
  const start = performance.now();
  for (const ref of refs) {
    const response = await fetch(`${baseUrl}/${ref.resourceType}/${ref.id}`, { headers: ACCEPT });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${ref.resourceType}/${ref.id} answered ${String(response.status)}`);
    bytes += Buffer.byteLength(text);
    const resource = JSON.parse(text) as Resource;
    if (resource.id !== ref.id) throw new Error(`GET ${ref.resourceType}/${ref.id} answered another resource`);
    await store(resource);
  }
  return { resources: refs.length, bytes, ms: performance.now() - start };
}
