// The pure pieces of the sync engine: transaction entries and batches, acknowledgements from a
// transaction-response, server pages as remote versions, watermarks and their keys, the adaptive
// transaction size. No server.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { OutgoingChange } from '../../src-core/store/fhir-store';
import { batchBytes, bisect, pushEntry, pushItem, takeBatch, transactionBundle, uploadBody } from '../../src-core/sync/engine/push-batch';
import { isLater, latestInstant, queryInstant, scanHistoryPage, searchVersions } from '../../src-core/sync/engine/remote-versions';
import { historyWatermarkKey, parseLastRun, scopeText, searchWatermarkKey } from '../../src-core/sync/engine/sync-state-keys';
import { transactionAcks, versionFromEtag, versionFromLocation } from '../../src-core/sync/engine/transaction-acks';
import { TransactionSizer } from '../../src-core/sync/engine/transaction-sizer';

const patient = (id: string, family = 'Xol'): Patient => ({
  resourceType: 'Patient',
  id,
  meta: { versionId: '7', lastUpdated: '2026-01-01T00:00:00.000Z', tag: [{ system: 'https://x', code: 'PS-1' }] },
  name: [{ family }],
});

const change = (id: string, op: OutgoingChange['op'], base?: string, family?: string): OutgoingChange => ({
  resourceType: 'Patient',
  id,
  op,
  versionId: '7',
  seq: 1,
  ...(base === undefined ? {} : { baseServerVersionId: base }),
  ...(op === 'delete' ? {} : { resource: patient(id, family) }),
});

describe('push entries and batches', () => {
  it('PUTs creates without If-Match, updates and deletes with the base as a weak ETag, bodies without local stamps', () => {
    expect(pushEntry(change('a', 'create'))).toEqual({
      resource: { resourceType: 'Patient', id: 'a', meta: { tag: [{ system: 'https://x', code: 'PS-1' }] }, name: [{ family: 'Xol' }] },
      request: { method: 'PUT', url: 'Patient/a' },
    });
    expect(pushEntry(change('a', 'update', '3')).request).toEqual({ method: 'PUT', url: 'Patient/a', ifMatch: 'W/"3"' });
    expect(pushEntry(change('a', 'delete', '4'))).toEqual({ request: { method: 'DELETE', url: 'Patient/a', ifMatch: 'W/"4"' } });
    // A re-creation after a server delete goes unconditionally.
    expect(pushEntry(change('a', 'update', '3'), { recreate: true }).request).toEqual({ method: 'PUT', url: 'Patient/a' });
    expect(uploadBody({ resourceType: 'Patient', meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00Z' } })).toEqual({ resourceType: 'Patient' });
  });

  it('takes the longest prefix within the byte budget and the entry cap, at least one entry', () => {
    const items = ['a', 'b', 'c', 'd'].map((id, i) => pushItem(change(id, 'create', undefined, 'x'.repeat(100 * (i + 1)))));
    const sizes = items.map((i) => i.bytes);
    expect(sizes[0]).toBe(new TextEncoder().encode(JSON.stringify(items[0]?.entry)).length + 1);
    expect(takeBatch(items, (sizes[0] ?? 0) + (sizes[1] ?? 0), 10)).toHaveLength(2);
    expect(takeBatch(items, 1, 10)).toHaveLength(1);
    expect(takeBatch(items, 1_000_000, 3)).toHaveLength(3);
    expect(batchBytes(items)).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(transactionBundle(items.slice(0, 2))).toMatchObject({ resourceType: 'Bundle', type: 'transaction', entry: [{ request: { url: 'Patient/a' } }, { request: { url: 'Patient/b' } }] });
    expect(bisect([1, 2, 3, 4, 5])).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const ascii = pushItem(change('a', 'create', undefined, 'Nunez'));
    const accented = pushItem(change('a', 'create', undefined, 'Núñez'));
    expect(accented.bytes - ascii.bytes).toBe(2);
  });
});

describe('acknowledgements from a transaction-response', () => {
  it('reads the server version from the ETag, else the Location, else the body, and the instant per type', () => {
    const items = [pushItem(change('a', 'create')), pushItem(change('b', 'update', '1')), pushItem(change('c', 'delete', '2')), pushItem(change('d', 'create'))];
    const response: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: [
        { response: { status: '201 Created', etag: 'W/"1"', lastModified: '2026-02-01T10:00:00.002Z' } },
        { response: { status: '200', location: 'http://h/fhir/R4/Patient/b/_history/2', lastModified: '2026-02-01T10:00:00.001Z' } },
        { response: { status: '200 OK' } },
        { response: { status: '200' }, resource: { resourceType: 'Patient', id: 'd', meta: { versionId: '5' } } },
      ],
    };
    const { acks, unacknowledged, instants } = transactionAcks(items, response);
    expect(acks).toEqual([
      { resourceType: 'Patient', id: 'a', versionId: '7', serverVersionId: '1', serverLastUpdated: '2026-02-01T10:00:00.002Z' },
      { resourceType: 'Patient', id: 'b', versionId: '7', serverVersionId: '2', serverLastUpdated: '2026-02-01T10:00:00.001Z' },
      { resourceType: 'Patient', id: 'c', versionId: '7' },
      { resourceType: 'Patient', id: 'd', versionId: '7', serverVersionId: '5' },
    ]);
    expect(unacknowledged).toEqual([]);
    expect(instants.get('Patient')).toBe('2026-02-01T10:00:00.001Z');
  });

  it('leaves an entry a server answered with an error status in the outbox', () => {
    const items = [pushItem(change('a', 'create'))];
    const { acks, unacknowledged } = transactionAcks(items, { resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '400 Bad Request' } }] });
    expect(acks).toEqual([]);
    expect(unacknowledged).toHaveLength(1);
  });

  it('parses ETags and Locations in their usual spellings', () => {
    expect(['W/"3"', '"3"', '3', ' W/"abc-1" ', '', undefined].map(versionFromEtag)).toEqual(['3', '3', '3', 'abc-1', undefined, undefined]);
    expect(versionFromLocation('Patient/x/_history/12')).toBe('12');
    expect(versionFromLocation('Patient/x')).toBeUndefined();
  });
});

describe('server pages as remote versions', () => {
  it('keeps search matches of the type with a version, skipping included resources and outcomes', () => {
    const page: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: { ...patient('a'), meta: { versionId: '2', lastUpdated: '2026-03-01T00:00:00.000Z' } }, search: { mode: 'match' } },
        { resource: { resourceType: 'Organization', id: 'o', meta: { versionId: '1' } }, search: { mode: 'include' } },
        { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
        { resource: { resourceType: 'Patient', id: 'no-version' } },
      ],
    };
    expect(searchVersions(page, 'Patient')).toEqual([
      { resourceType: 'Patient', id: 'a', serverVersionId: '2', serverLastUpdated: '2026-03-01T00:00:00.000Z', resource: page.entry?.[0]?.resource },
    ]);
  });

  it('takes from history only deletions that are the newest change of their resource in the pull', () => {
    const seen = new Set<string>();
    const page1: Bundle = {
      resourceType: 'Bundle',
      type: 'history',
      entry: [
        // Written again after its deletion: not deleted here.
        { resource: { resourceType: 'Patient', id: 'back', meta: { versionId: '3' } }, request: { method: 'PUT', url: 'Patient/back' }, response: { status: '200', etag: 'W/"3"', lastModified: '2026-03-01T00:00:03Z' } },
        { request: { method: 'DELETE', url: 'Patient/gone' }, response: { status: '410', etag: 'W/"2"', lastModified: '2026-03-01T00:00:02Z' } },
      ],
    };
    const page2: Bundle = {
      resourceType: 'Bundle',
      type: 'history',
      entry: [
        { request: { method: 'DELETE', url: 'Patient/back' }, response: { status: '410', etag: 'W/"2"', lastModified: '2026-03-01T00:00:01Z' } },
        { fullUrl: 'http://h/fhir/R4/Patient/old', request: { method: 'DELETE', url: 'Patient/old' }, response: { status: '410', etag: 'W/"5"', lastModified: '2026-03-01T00:00:00Z' } },
      ],
    };
    const first = scanHistoryPage(page1, 'Patient', seen);
    expect(first.deletes).toEqual([{ resourceType: 'Patient', id: 'gone', serverVersionId: '2', serverLastUpdated: '2026-03-01T00:00:02Z' }]);
    expect(first.latest).toBe('2026-03-01T00:00:03Z');
    expect(scanHistoryPage(page2, 'Patient', seen).deletes.map((d) => d.id)).toEqual(['old']);
  });

  it('compares instants as times, not strings, and moves a watermark back by the overlap', () => {
    expect(latestInstant(['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.500Z', undefined, 'nonsense'])).toBe('2026-03-01T00:00:00.500Z');
    expect(latestInstant([])).toBeUndefined();
    expect(isLater('2026-03-01T01:00:00+01:00', '2026-03-01T00:00:00.001Z')).toBe(false);
    expect(isLater('2026-03-01T00:00:00Z', undefined)).toBe(true);
    expect(queryInstant('2026-03-01T00:00:05.000Z', 0)).toBe('2026-03-01T00:00:05.000Z');
    expect(queryInstant('2026-03-01T00:00:05.000Z', 2_000)).toBe('2026-03-01T00:00:03.000Z');
  });
});

describe('sync state keys and records', () => {
  it('keys a search watermark by type and canonical scope, history by type only', () => {
    expect(searchWatermarkKey('Patient', { organization: 'Organization/ps-17', _tag: ['a|1', 'b|2'] })).toBe('sync.pull.Patient?_tag=a%7C1&_tag=b%7C2&organization=Organization%2Fps-17');
    expect(scopeText({ b: '2', a: '1' })).toBe(scopeText({ a: '1', b: '2' }));
    expect(searchWatermarkKey('Patient', {})).not.toBe(searchWatermarkKey('Patient', { _tag: 'x' }));
    expect(historyWatermarkKey('Observation')).toBe('sync.history.Observation');
  });

  it('reads back a last-run record and ignores one it cannot read', () => {
    const text = JSON.stringify({ outcome: 'failed', startedAt: 's', finishedAt: 'f', pushed: 2, pulled: 0, code: 'transient', message: 'm' });
    expect(parseLastRun(text)).toEqual({ outcome: 'failed', startedAt: 's', finishedAt: 'f', pushed: 2, pulled: 0, code: 'transient', message: 'm' });
    expect(parseLastRun('{')).toBeUndefined();
    expect(parseLastRun(JSON.stringify({ outcome: 'exploded', finishedAt: 'f' }))).toBeUndefined();
    expect(parseLastRun(undefined)).toBeUndefined();
  });
});

describe('adaptive transaction size', () => {
  const sizer = (): TransactionSizer => new TransactionSizer({ minBytes: 1_000, maxBytes: 16_000, initialBytes: 4_000, slowMs: 8_000 });

  it('doubles after a fast transaction that used its budget, up to the ceiling', () => {
    const s = sizer();
    s.succeeded(3_000, 100);
    expect(s.targetBytes).toBe(8_000);
    s.succeeded(8_000, 100);
    s.succeeded(16_000, 100);
    expect(s.targetBytes).toBe(16_000);
  });

  it('does not grow on a fast but small transaction (the outbox simply had little)', () => {
    const s = sizer();
    s.succeeded(500, 10);
    expect(s.targetBytes).toBe(4_000);
  });

  it('halves after a slow one, quarters after a timeout, never below the floor', () => {
    const s = sizer();
    s.succeeded(4_000, 9_000);
    expect(s.targetBytes).toBe(2_000);
    s.timedOut();
    expect(s.targetBytes).toBe(1_000);
    s.timedOut();
    expect(s.targetBytes).toBe(1_000);
  });

  it('shrinks below a body the server called too large', () => {
    const s = sizer();
    s.tooLarge(3_000);
    expect(s.targetBytes).toBe(1_500);
  });
});
