import { describe, expect, it, vi } from 'vitest';
import type { CeibaBridge, IpcChannel } from '../../src-core/ipc/contract';
import { createBridge, type RawInvoke } from '../../src-main/bridge';

const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'no' }] };

function setup(answer: RawInvoke = () => Promise.resolve({ ok: true, value: { centralServerUrl: null, signalingUrl: null } })) {
  const raw = vi.fn(answer);
  return { raw, bridge: createBridge(raw) };
}

/** What page script can do regardless of the types: call with any value. */
function untyped(bridge: CeibaBridge): (channel: unknown, ...args: unknown[]) => Promise<unknown> {
  const loose = bridge as unknown as { invoke: (channel: unknown, ...args: unknown[]) => Promise<unknown> };
  return (channel, ...args) => loose.invoke(channel, ...args);
}

describe('createBridge', () => {
  it('exposes only invoke, and cannot be modified', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge)).toEqual(['invoke']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards a contract channel and returns the checked reply', async () => {
    const { raw, bridge } = setup();
    await expect(bridge.invoke('app:get-config')).resolves.toEqual({ ok: true, value: { centralServerUrl: null, signalingUrl: null } });
    expect(raw).toHaveBeenCalledExactlyOnceWith('app:get-config', []);
  });

  it.each(['app:quit', 'ELECTRON_BROWSER_REQUIRE', '', 42, null, undefined, { toString: () => 'app:get-info' }])(
    'refuses channel %s without calling the main process',
    async (channel) => {
      const { raw, bridge } = setup();
      const reply = (await untyped(bridge)(channel)) as { ok: boolean; error?: { resourceType: string; issue: { code: string }[] } };
      expect(reply.ok).toBe(false);
      expect(reply.error?.resourceType).toBe('OperationOutcome');
      expect(reply.error?.issue[0]?.code).toBe('not-supported');
      expect(raw).not.toHaveBeenCalled();
    },
  );

  it('passes a failed reply through', async () => {
    const { bridge } = setup(() => Promise.resolve({ ok: false, error: outcome }));
    await expect(bridge.invoke('app:get-info')).resolves.toEqual({ ok: false, error: outcome });
  });

  it.each([undefined, null, 'ok', { ok: true }, { ok: false, error: 'nope' }, { ok: 'yes', value: 1 }, { value: 1 }])(
    'turns the malformed reply %j into a failed reply',
    async (malformed) => {
      const { bridge } = setup(() => Promise.resolve(malformed));
      const reply = await bridge.invoke('app:get-info');
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error.issue[0]?.code).toBe('exception');
    },
  );

  it('turns a rejected invoke (e.g. no handler in main) into a failed reply', async () => {
    const { bridge } = setup(() => Promise.reject(new Error("No handler registered for 'app:get-info'")));
    const reply = await bridge.invoke('app:get-info');
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.resourceType).toBe('OperationOutcome');
  });

  it('forwards arguments as given', async () => {
    const seen: [IpcChannel, readonly unknown[]][] = [];
    const bridge = createBridge((channel, args) => {
      seen.push([channel, args]);
      return Promise.resolve({ ok: true, value: null });
    });
    await untyped(bridge)('app:get-info', 1, 'two');
    expect(seen).toEqual([['app:get-info', [1, 'two']]]);
  });
});
