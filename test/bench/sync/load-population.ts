// Loads the post's population into the central server as fast as it takes it: one transaction
// at a time (the server runs FHIR interactions one at a time anyway), the next bundle built and
// serialized while the server stores the current one.
import type { Bundle } from '@medplum/fhirtypes';
import type { PopulationBatch } from './post-population';

export interface LoadResult {
  readonly patients: number;
  readonly resources: number;
  readonly bytes: number;
  readonly ms: number;
  /** Resources per type as the server answered them (all 201). */
  readonly types: Readonly<Record<string, number>>;
}

export async function loadPopulation(baseUrl: string, batches: Iterable<PopulationBatch>, log: (line: string) => void): Promise<LoadResult> {
  let patients = 0;
  let resources = 0;
  let bytes = 0;
  const types: Record<string, number> = {};
  const start = performance.now();
  let lastLog = start;
  let inFlight: Promise<void> | undefined;
  for (const batch of batches) {
    const body = JSON.stringify(batch.bundle);
    await inFlight;
    bytes += Buffer.byteLength(body);
    inFlight = postTransaction(baseUrl, body, batch).then(() => {
      patients += batch.patients;
      resources += batch.resources;
      for (const entry of batch.bundle.entry ?? []) {
        const type = entry.resource?.resourceType ?? 'unknown';
        types[type] = (types[type] ?? 0) + 1;
      }
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(`loaded ${String(patients)} patients / ${String(resources)} resources, ${String(Math.round((resources * 1000) / (now - start)))} resources/s`);
      }
    });
  }
  await inFlight;
  return { patients, resources, bytes, ms: performance.now() - start, types };
}

async function postTransaction(baseUrl: string, body: string, batch: PopulationBatch): Promise<void> {
  const response = await fetch(baseUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json', Prefer: 'return=minimal' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`loading the population: transaction answered ${String(response.status)}: ${text.slice(0, 500)}`);
  const reply = JSON.parse(text) as Bundle;
  const answered = reply.entry?.length ?? 0;
  if (answered !== batch.resources) throw new Error(`loading the population: ${String(batch.resources)} entries sent, ${String(answered)} answered`);
}
