// What a server version goes through before the store writes it: the same checks and validation
// as a local write (check-resource.ts), plus agreement between the version's own type, id and
// versionId and its body. The sync engine reports a refused version; it never stops a pull.
import type { Resource } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../../fhir/validation';
import { isKnownResourceType } from '../search/patient-compartment';
import { invalidId, missingServerVersion, remoteMismatch, unknownResourceType } from '../store-errors';
import type { RemoteVersion } from '../sync-store';
import { checkResource } from './check-resource';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Checks the version's type, id and server versionId; throws an OutcomeError naming the element. */
export function checkRemoteKey(version: RemoteVersion): void {
  const { resourceType, id, serverVersionId, serverLastUpdated } = version;
  if (!isKnownResourceType(resourceType)) throw unknownResourceType(resourceType, 'resourceType');
  if (!ID.test(id)) throw invalidId(`${resourceType}.id`);
  if (typeof serverVersionId !== 'string' || serverVersionId === '') throw missingServerVersion(`${resourceType}.meta.versionId`);
  if (serverLastUpdated !== undefined && (typeof serverLastUpdated !== 'string' || !Number.isFinite(Date.parse(serverLastUpdated)))) {
    throw remoteMismatch('serverLastUpdated is not an instant', `${resourceType}.meta.lastUpdated`);
  }
}

/**
 * The validated private copy of a server body, with the version's id; undefined for a deletion.
 * Throws an OutcomeError (validation issues with element paths) when it may not be stored.
 */
export function checkRemoteBody(version: RemoteVersion, validator: ResourceValidator): (Resource & { id: string }) | undefined {
  checkRemoteKey(version);
  if (version.resource === undefined) return undefined;
  const body = checkResource(version.resource, validator);
  if (body.resourceType !== version.resourceType) {
    throw remoteMismatch(`body is a ${body.resourceType}, the version a ${version.resourceType}`, `${version.resourceType}.resourceType`);
  }
  if (body.id !== undefined && body.id !== version.id) throw remoteMismatch('body id differs from the version id', `${version.resourceType}.id`);
  return { ...body, id: version.id };
}
