import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, isIpcChannel, ok, fail, parseReply, toReply, unwrap } from '../../src-core/ipc';
import { errorOutcome, OutcomeError } from '../../src-core/fhir/outcome';

describe('IPC reply shape', () => {
  it('wraps a value as {ok: true, value}', async () => {
    expect(await toReply(() => 42)).toEqual({ ok: true, value: 42 });
    expect(await toReply(() => Promise.resolve({ a: 1 }))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('turns a thrown Error into {ok: false, error: OperationOutcome}', async () => {
    const reply = await toReply(() => {
      throw new TypeError('bad input');
    });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.resourceType).toBe('OperationOutcome');
    expect(reply.error.issue[0]).toMatchObject({ severity: 'error', code: 'exception', diagnostics: 'TypeError: bad input' });
  });

  it('keeps an OperationOutcome thrown through OutcomeError intact', async () => {
    const outcome = errorOutcome('forbidden', 'sender not trusted', ['Patient.name']);
    const reply = await toReply(() => Promise.reject(new OutcomeError(outcome)));
    expect(reply).toEqual({ ok: false, error: outcome });
  });

  it('validates replies that crossed a process boundary', () => {
    expect(parseReply({ ok: true, value: null })).toEqual({ ok: true, value: null });
    const outcome = errorOutcome('not-found', 'gone');
    expect(parseReply({ ok: false, error: outcome })).toEqual({ ok: false, error: outcome });
    for (const bad of [undefined, null, 'ok', { ok: true }, { ok: false, error: 'x' }, { ok: 'yes', value: 1 }]) {
      const reply = parseReply(bad);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.issue[0]?.diagnostics).toBe('malformed IPC reply');
    }
  });

  it('unwraps a good reply and throws on a failed one', () => {
    expect(unwrap(ok('v'))).toBe('v');
    expect(() => unwrap(fail(errorOutcome('timeout', 'too slow')))).toThrow('too slow');
  });

  it('knows its channels and nothing else', () => {
    for (const channel of IPC_CHANNELS) expect(isIpcChannel(channel)).toBe(true);
    for (const other of ['app:quit', '', 42, null, 'constructor']) expect(isIpcChannel(other)).toBe(false);
  });
});
