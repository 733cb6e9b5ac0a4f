// Public edge of the sync transport: what the sync engine calls to talk to the central server.
export type { AuthConfig, FetchLike } from './auth-session';
export type { CallOptions, FhirTransport, FhirTransportOptions, QueryParams, ReadResult } from './fhir-transport';
export { createFhirTransport, isIdempotentBundle } from './fhir-transport';
export type { GzipRequests, TransportProgress } from './http-exchange';
export type { RetryPolicy } from './retry-policy';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfter } from './retry-policy';
export { TransportError } from './transport-error';
