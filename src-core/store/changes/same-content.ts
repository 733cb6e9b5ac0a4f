// Whether two bodies say the same thing: structural equality where key order does not matter,
// ignoring only the version stamps (meta.versionId, meta.lastUpdated) that differ between a local
// copy and the server's. Every other meta element (profiles, tags, security labels) is content:
// a merge that changed a tag must still be uploaded.
import type { Resource } from '@medplum/fhirtypes';

function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => equalJson(v, b[i]));
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!equalJson(x[key], y[key])) return false;
  return true;
}

function withoutStamps(resource: Resource): Record<string, unknown> {
  const { meta, ...rest } = resource as Resource & { meta?: Record<string, unknown> };
  if (meta === undefined) return rest;
  const others = { ...meta };
  delete others.versionId;
  delete others.lastUpdated;
  return Object.keys(others).length === 0 ? rest : { ...rest, meta: others };
}

export function sameContent(a: Resource, b: Resource): boolean {
  return equalJson(withoutStamps(a), withoutStamps(b));
}
