// Defensive reading of what a server sent back. A proxy's HTML error page, JSON cut short by a
// dropped link or a resource of the wrong type must become a precise outcome, never a crash.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { isOperationOutcome } from '../../fhir/outcome';

export interface RawReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export type ParsedBody =
  | { readonly kind: 'empty' }
  | { readonly kind: 'resource'; readonly resource: Resource }
  | { readonly kind: 'broken'; readonly problem: string };

const JSON_MEDIA_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);

/** Parses a reply body as a FHIR resource, describing (in English) what is wrong when it is not one. */
export function parseBody(reply: RawReply): ParsedBody {
  const text = reply.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { kind: 'empty' };
  const mediaType = (reply.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== '' && !JSON_MEDIA_TYPES.has(mediaType)) {
    return { kind: 'broken', problem: `the body is ${mediaType} (${describeStart(text)}), not FHIR JSON` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unparseable';
    return { kind: 'broken', problem: `the body is not valid JSON (${reason}; ${text.length} characters received)` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'broken', problem: 'the body is JSON but not an object' };
  }
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') return { kind: 'broken', problem: 'the body is JSON without a resourceType' };
  return { kind: 'resource', resource: value as Resource };
}

/** The server's OperationOutcome, when the body is one. */
export function serverOutcome(body: ParsedBody): OperationOutcome | undefined {
  return body.kind === 'resource' && isOperationOutcome(body.resource) ? body.resource : undefined;
}

function describeStart(text: string): string {
  const start = text.trimStart().slice(0, 15).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page';
  return `${text.length} characters`;
}
