// What a committed transaction tells the store (DESIGN §5: the server's ETag/versionId is
// written back): for each entry, the local version the server accepted and the server's version
// of it, from the response's ETag (`W/"3"`), or else its Location (`…/_history/3`), or else the
// returned resource's meta.versionId. A delete may come back with no version at all.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { SentAck } from '../../store/fhir-store';
import type { PushItem } from './push-batch';

/** The versionId inside an ETag: `W/"3"`, `"3"` or `3`. */
export function versionFromEtag(etag: string | undefined): string | undefined {
  const value = etag?.trim();
  if (value === undefined || value === '') return undefined;
  const match = /^(?:W\/)?"([^"]+)"$/.exec(value) ?? /^([^"\s,]+)$/.exec(value);
  return match?.[1];
}

/** The versionId at the end of a Location such as `Patient/x/_history/3` (absolute or relative). */
export function versionFromLocation(location: string | undefined): string | undefined {
  return location === undefined ? undefined : /\/_history\/([^/?#]+)/.exec(location)?.[1];
}

export function entryVersion(entry: BundleEntry | undefined): string | undefined {
  return versionFromEtag(entry?.response?.etag) ?? versionFromLocation(entry?.response?.location) ?? entry?.resource?.meta?.versionId;
}

export function entryInstant(entry: BundleEntry | undefined): string | undefined {
  return entry?.response?.lastModified ?? entry?.resource?.meta?.lastUpdated;
}

const isSuccess = (status: string | undefined): boolean => status === undefined || /^2\d\d/.test(status.trim());

export interface TransactionAcks {
  readonly acks: SentAck[];
  /** Entries a (non-conformant) server answered with a non-2xx status inside a committed transaction. */
  readonly unacknowledged: PushItem[];
  /** Server instants of the committed entries, by resource type (the earliest one). */
  readonly instants: ReadonlyMap<string, string>;
}

/** The transaction-response has one entry per request, in the same order (FHIR R4 §3.1.0.11.2). */
export function transactionAcks(items: readonly PushItem[], response: Bundle): TransactionAcks {
  const acks: SentAck[] = [];
  const unacknowledged: PushItem[] = [];
  const instants = new Map<string, string>();
  items.forEach((item, index) => {
    const entry = response.entry?.[index];
    if (!isSuccess(entry?.response?.status)) {
      unacknowledged.push(item);
      return;
    }
    const { resourceType, id, versionId } = item.change;
    const serverVersionId = entryVersion(entry);
    const serverLastUpdated = entryInstant(entry);
    acks.push({
      resourceType,
      id,
      versionId,
      ...(serverVersionId === undefined ? {} : { serverVersionId }),
      ...(serverVersionId === undefined || serverLastUpdated === undefined ? {} : { serverLastUpdated }),
    });
    if (serverLastUpdated !== undefined) {
      const known = instants.get(resourceType);
      if (known === undefined || Date.parse(serverLastUpdated) < Date.parse(known)) instants.set(resourceType, serverLastUpdated);
    }
  });
  return { acks, unacknowledged, instants };
}
