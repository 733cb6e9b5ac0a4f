// Upload order for the outbox (DESIGN §5: referenced resources go first). Creates and updates are
// ordered so that a resource comes after every pending resource it references; deletions come
// last, each after the pending deletions of resources that referenced it. Ties (and cycles, which
// FHIR allows) fall back to the order of first change.
import type { PendingChange } from '../fhir-store';

const keyOf = (c: PendingChange): string => `${c.resourceType}/${c.id}`;

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Orders `items` so each comes after the items it depends on; lowest seq first among ready ones. */
function topological<T extends PendingChange>(items: readonly T[], dependsOn: (item: T) => readonly string[]): T[] {
  const byKey = new Map(items.map((i) => [keyOf(i), i]));
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const item of items) {
    const key = keyOf(item);
    const deps = new Set(dependsOn(item).filter((d) => d !== key && byKey.has(d)));
    waitingOn.set(key, deps);
    for (const d of deps) pushTo(dependents, d, key);
  }
  const remaining = new Set(byKey.keys());
  const out: T[] = [];
  const bySeq = (a: string, b: string): number => (byKey.get(a)?.seq ?? 0) - (byKey.get(b)?.seq ?? 0);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((k) => (waitingOn.get(k)?.size ?? 0) === 0).sort(bySeq);
    // A cycle: release the oldest change; the server accepts it because a transaction resolves both.
    const batch = ready.length > 0 ? ready : [[...remaining].sort(bySeq)[0] as string];
    for (const key of batch) {
      remaining.delete(key);
      const item = byKey.get(key);
      if (item !== undefined) out.push(item);
      for (const dependent of dependents.get(key) ?? []) waitingOn.get(dependent)?.delete(key);
    }
  }
  return out;
}

/**
 * `referencesOf` gives the "Type/id" references of a change's resource (for a deletion: of the
 * last version before it was deleted).
 */
export function orderChanges<T extends PendingChange>(changes: readonly T[], referencesOf: (change: T) => readonly string[]): T[] {
  const writes = changes.filter((c) => c.op !== 'delete');
  const deletes = changes.filter((c) => c.op === 'delete');
  const referencedBy = new Map<string, string[]>();
  for (const d of deletes) {
    for (const ref of referencesOf(d)) pushTo(referencedBy, ref, keyOf(d));
  }
  return [...topological(writes, referencesOf), ...topological(deletes, (d) => referencedBy.get(keyOf(d)) ?? [])];
}
