// The object the preload exposes as `window.ceiba` (STYLE §2, DESIGN §3): a single `invoke`
// restricted to the contract's channels, returning checked IpcReply values. It is built from an
// injected transport so it is tested without Electron; preload.ts passes ipcRenderer.invoke, and
// ipcRenderer itself never reaches the page.
import { errorOutcome, toOutcome } from '../src-core/fhir/outcome';
import { isIpcChannel, type CeibaBridge, type IpcArgs, type IpcChannel, type IpcReply, type IpcResult } from '../src-core/ipc/contract';
import { fail, parseReply } from '../src-core/ipc/reply';

/** Sends one call to the main process and resolves with whatever came back. */
export type RawInvoke = (channel: IpcChannel, args: readonly unknown[]) => Promise<unknown>;

export function createBridge(rawInvoke: RawInvoke): CeibaBridge {
  const bridge = {
    async invoke<K extends IpcChannel>(channel: K, ...args: IpcArgs<K>): Promise<IpcReply<IpcResult<K>>> {
      // The page's code is not trusted to respect the types: check the channel at run time.
      const requested: unknown = channel;
      if (!isIpcChannel(requested)) {
        return fail(errorOutcome('not-supported', 'unknown IPC channel'));
      }
      let raw: unknown;
      try {
        raw = await rawInvoke(requested, args);
      } catch (err) {
        return fail(toOutcome(err));
      }
      // parseReply checks the envelope ({ok, value} | {ok: false, error: OperationOutcome}); the
      // value's own shape is what main's handler for this channel returned, so it is typed as
      // that channel's result here and re-parsed by the renderer's platform adapter.
      return parseReply(raw) as IpcReply<IpcResult<K>>;
    },
  } satisfies CeibaBridge;
  return Object.freeze(bridge);
}
