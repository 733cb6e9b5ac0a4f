import { describe, expect, it } from 'vitest';
import { createLoggerFactory, memorySink, REDACTED } from '../../src-core/platform/logger';

describe('logger', () => {
  const fixed = new Date('2026-11-25T10:00:00.000Z');

  it('writes structured records with module, level and time', () => {
    const { sink, records } = memorySink();
    const log = createLoggerFactory({ sink, now: () => fixed })('sync');
    log.info('push finished', { sent: 12, failed: 0 });
    expect(records).toEqual([
      { time: fixed.toISOString(), level: 'info', module: 'sync', msg: 'push finished', fields: { sent: 12, failed: 0 } },
    ]);
  });

  it('redacts patient data at any depth before a sink sees it', () => {
    const { sink, records } = memorySink();
    const log = createLoggerFactory({ sink })('store');
    const patient = {
      resourceType: 'Patient',
      id: 'p1',
      name: [{ family: 'Xiloj Tzoc', given: ['María'] }],
      identifier: [{ system: 'cui', value: '1234567890101' }],
      birthDate: '1990-01-01',
    };
    log.warn('write rejected', { resourceType: 'Patient', id: 'p1', detail: patient, Authorization: 'Bearer abc' });
    const text = JSON.stringify(records);
    for (const secret of ['Xiloj', 'María', '1234567890101', '1990-01-01', 'Bearer abc']) expect(text).not.toContain(secret);
    expect(records[0]?.fields).toMatchObject({ resourceType: 'Patient', id: 'p1', Authorization: REDACTED });
    expect(records[0]?.fields.detail).toMatchObject({ id: 'p1', name: REDACTED, identifier: REDACTED, birthDate: REDACTED });
  });

  it('does not leak Error messages, which may quote data', () => {
    const { sink, records } = memorySink();
    createLoggerFactory({ sink })('x').error('failed', { cause: new Error('Patient Peñate not valid') });
    expect(JSON.stringify(records)).not.toContain('Peñate');
    expect(records[0]?.fields.cause).toEqual({ error: 'Error', message: REDACTED });
  });

  it('drops records below the minimum level and names child modules', () => {
    const { sink, records } = memorySink();
    const log = createLoggerFactory({ sink, minLevel: 'warn' })('sync');
    log.info('ignored');
    log.child('push').error('kept');
    expect(records.map((r) => [r.module, r.msg])).toEqual([['sync.push', 'kept']]);
  });
});
