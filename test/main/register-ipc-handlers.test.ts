import { describe, expect, it, vi } from 'vitest';
import { isOperationOutcome, OutcomeError, errorOutcome } from '../../src-core/fhir/outcome';
import { IPC_CHANNELS, type IpcHandlers, type IpcReply } from '../../src-core/ipc/contract';
import { createLoggerFactory, memorySink } from '../../src-core/platform/logger';
import { registerIpcHandlers, type IpcMainLike } from '../../src-main/register-ipc-handlers';

interface FakeEvent {
  readonly trusted: boolean;
}
type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<IpcReply<unknown>>;

function fakeIpcMain(): IpcMainLike<FakeEvent> & { listeners: Map<string, Listener>; call: (channel: string, event: FakeEvent, ...args: unknown[]) => Promise<IpcReply<unknown>> } {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    handle(channel, listener) {
      // ipcMain.handle throws on a second handler for one channel; so does the fake.
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    call(channel, event, ...args) {
      const listener = listeners.get(channel);
      if (listener === undefined) throw new Error(`no handler for ${channel}`);
      return listener(event, ...args);
    },
  };
}

const info = { name: 'Ceiba', version: '0.1.0', shell: 'electron' as const, versions: { electron: '38.8.6' } };
const config = { centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: null };

function setup(overrides: Partial<IpcHandlers> = {}) {
  const handlers = {
    'app:get-info': vi.fn(() => info),
    'app:get-config': vi.fn(() => Promise.resolve(config)),
    'keystore:get-kind': vi.fn(() => 'none' as const),
    'keystore:protect': vi.fn((bytes: Uint8Array) => bytes),
    'keystore:unprotect': vi.fn((bytes: Uint8Array) => bytes),
    'app:set-activity': vi.fn(() => null),
    'print:to-pdf': vi.fn(() => Promise.resolve(true)),
    ...overrides,
  } satisfies IpcHandlers;
  const ipc = fakeIpcMain();
  const { sink, records } = memorySink();
  registerIpcHandlers(ipc, handlers, (e) => e.trusted, { logger: createLoggerFactory({ sink })('ipc') });
  return { ipc, handlers, records };
}

const good: FakeEvent = { trusted: true };
const bad: FakeEvent = { trusted: false };

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract, and nothing else', () => {
    const { ipc } = setup();
    expect([...ipc.listeners.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('answers a trusted sender with {ok: true, value}', async () => {
    const { ipc } = setup();
    await expect(ipc.call('app:get-info', good)).resolves.toEqual({ ok: true, value: info });
    await expect(ipc.call('app:get-config', good)).resolves.toEqual({ ok: true, value: config });
  });

  it('turns a throwing handler into {ok: false, error: OperationOutcome}', async () => {
    const { ipc, records } = setup({
      'app:get-info': () => {
        throw new TypeError('boom');
      },
      'app:get-config': () => Promise.reject(new OutcomeError(errorOutcome('not-found', 'no config'))),
    });
    const thrown = await ipc.call('app:get-info', good);
    expect(thrown.ok).toBe(false);
    expect(!thrown.ok && isOperationOutcome(thrown.error)).toBe(true);
    expect(!thrown.ok && thrown.error.issue[0]?.code).toBe('exception');
    const rejected = await ipc.call('app:get-config', good);
    expect(!rejected.ok && rejected.error.issue[0]?.code).toBe('not-found');
    expect(records.filter((r) => r.msg === 'ipc handler failed')).toHaveLength(2);
  });

  it('refuses an untrusted sender without calling the handler, and logs it', async () => {
    const { ipc, handlers, records } = setup();
    for (const channel of IPC_CHANNELS) {
      const reply = await ipc.call(channel, bad);
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error.issue[0]?.code).toBe('forbidden');
    }
    expect(handlers['app:get-info']).not.toHaveBeenCalled();
    expect(handlers['app:get-config']).not.toHaveBeenCalled();
    expect(records.filter((r) => r.level === 'warn' && r.msg === 'ipc call from untrusted sender rejected').map((r) => r.fields.channel)).toEqual([
      ...IPC_CHANNELS,
    ]);
  });

  it('treats a sender check that throws as untrusted', async () => {
    const ipc = fakeIpcMain();
    const { handlers } = setup();
    registerIpcHandlers(ipc, handlers, () => {
      throw new Error('frame disposed');
    });
    const reply = await ipc.call('app:get-info', good);
    expect(!reply.ok && reply.error.issue[0]?.code).toBe('forbidden');
    expect(handlers['app:get-info']).not.toHaveBeenCalled();
  });

  it('refuses arguments the contract does not declare', async () => {
    const { ipc, handlers } = setup();
    const reply = await ipc.call('app:get-info', good, { __proto__: null, evil: true });
    expect(!reply.ok && reply.error.issue[0]?.code).toBe('invalid');
    expect(handlers['app:get-info']).not.toHaveBeenCalled();
    for (const args of [[], ['text'], [[1, 2]], [new Uint8Array(1), new Uint8Array(1)], [new Uint8Array(64 * 1024 + 1)]]) {
      const protect = await ipc.call('keystore:protect', good, ...args);
      expect(!protect.ok && protect.error.issue[0]?.code).toBe('invalid');
    }
    expect(handlers['keystore:protect']).not.toHaveBeenCalled();
    const accepted = await ipc.call('keystore:protect', good, new Uint8Array([1, 2, 3]));
    expect(accepted).toEqual({ ok: true, value: new Uint8Array([1, 2, 3]) });
  });

  it('takes a print request only with a plain .pdf file name', async () => {
    const { ipc, handlers } = setup();
    for (const args of [[], [1], ['consulta.exe'], ['../../evil.pdf'], ['C:\\Users\\x.pdf'], [`${'a'.repeat(130)}.pdf`], ['a\u0000.pdf'], ['a.pdf', 'b.pdf']]) {
      const reply = await ipc.call('print:to-pdf', good, ...args);
      expect(!reply.ok && reply.error.issue[0]?.code, JSON.stringify(args)).toBe('invalid');
    }
    expect(handlers['print:to-pdf']).not.toHaveBeenCalled();
    expect(await ipc.call('print:to-pdf', good, 'consulta-2026-11-25.pdf')).toEqual({ ok: true, value: true });
  });

  it('takes an activity report only as exactly two booleans', async () => {
    const { ipc, handlers } = setup();
    for (const args of [[], [null], [{ inCall: true }], [{ inCall: 'yes', consultationOpen: false }], [{ inCall: true, consultationOpen: false, patient: 'x' }]]) {
      const reply = await ipc.call('app:set-activity', good, ...args);
      expect(!reply.ok && reply.error.issue[0]?.code).toBe('invalid');
    }
    expect(handlers['app:set-activity']).not.toHaveBeenCalled();
    expect(await ipc.call('app:set-activity', good, { inCall: true, consultationOpen: false })).toEqual({ ok: true, value: null });
  });
});
