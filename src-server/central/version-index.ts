// The in-memory view of the journal: every version of every resource, the latest version per id,
// and one log in commit order. Because timestamps are strictly increasing, commit order is also
// `_lastUpdated` order, which `_history?_since=` relies on.
import type { StoredVersion } from './stored-version';
import { versionKey } from './stored-version';

export class VersionIndex {
  private readonly versionsByKey = new Map<string, StoredVersion[]>();
  private readonly latestByType = new Map<string, Map<string, StoredVersion>>();
  private readonly log: StoredVersion[] = [];

  get size(): number {
    return this.log.length;
  }

  /** The latest version (possibly a delete), or undefined if the id was never written. */
  latest(resourceType: string, id: string): StoredVersion | undefined {
    return this.latestByType.get(resourceType)?.get(id);
  }

  /** Oldest first. */
  versionsOf(resourceType: string, id: string): readonly StoredVersion[] {
    return this.versionsByKey.get(versionKey(resourceType, id)) ?? [];
  }

  /** Latest version of each id of one type, deletes included. */
  latestOfType(resourceType: string): Iterable<StoredVersion> {
    return this.latestByType.get(resourceType)?.values() ?? [];
  }

  /** Every version in commit order (oldest first). */
  all(): readonly StoredVersion[] {
    return this.log;
  }

  add(version: StoredVersion): void {
    const key = versionKey(version.resourceType, version.id);
    let versions = this.versionsByKey.get(key);
    if (!versions) {
      versions = [];
      this.versionsByKey.set(key, versions);
    }
    versions.push(version);
    let latest = this.latestByType.get(version.resourceType);
    if (!latest) {
      latest = new Map();
      this.latestByType.set(version.resourceType, latest);
    }
    latest.set(version.id, version);
    this.log.push(version);
  }

  /** Undoes the most recent `add`, which must have been `version` (rollback runs newest first). */
  removeLast(version: StoredVersion): void {
    if (this.log.at(-1) !== version) throw new Error('rollback out of order');
    this.log.pop();
    const versions = this.versionsByKey.get(versionKey(version.resourceType, version.id)) ?? [];
    versions.pop();
    const previous = versions.at(-1);
    const latest = this.latestByType.get(version.resourceType);
    if (previous) {
      latest?.set(version.id, previous);
    } else {
      latest?.delete(version.id);
      this.versionsByKey.delete(versionKey(version.resourceType, version.id));
    }
  }
}
