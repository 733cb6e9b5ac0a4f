// Binds the IPC contract's handlers to ipcMain (STYLE §2): every channel of IPC_CHANNELS, each
// call checked for its sender and its arguments, each result or error turned into an IpcReply.
// Takes ipcMain as an argument so tests drive it with a fake.
import { errorOutcome } from '../src-core/fhir/outcome';
import { IPC_CHANNELS, type IpcChannel, type IpcHandlers, type IpcReply } from '../src-core/ipc/contract';
import { fail, toReply } from '../src-core/ipc/reply';
import type { Logger } from '../src-core/platform/logger';
import { IPC_ARG_GUARDS, type IpcArgGuards } from './ipc-arg-guards';

/** The part of Electron's ipcMain used here; `E` is its invoke event. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<IpcReply<unknown>>): void;
}

export interface RegisterIpcOptions {
  readonly logger?: Logger;
  readonly argGuards?: IpcArgGuards;
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

export function registerIpcHandlers<E>(
  ipcMain: IpcMainLike<E>,
  handlers: IpcHandlers,
  isTrustedSender: (event: E) => boolean,
  options: RegisterIpcOptions = {},
): void {
  const log = options.logger ?? silent;
  const guards = options.argGuards ?? IPC_ARG_GUARDS;

  const trusted = (event: E): boolean => {
    try {
      return isTrustedSender(event);
    } catch {
      return false;
    }
  };

  const register = <K extends IpcChannel>(channel: K, handler: IpcHandlers[K], guard: IpcArgGuards[K]): void => {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!trusted(event)) {
        log.warn('ipc call from untrusted sender rejected', { channel });
        return fail(errorOutcome('forbidden', `IPC sender is not allowed to call ${channel}`));
      }
      if (!guard(args)) {
        log.warn('ipc call with invalid arguments rejected', { channel, count: args.length });
        return fail(errorOutcome('invalid', `invalid arguments for ${channel}`));
      }
      const reply = await toReply(() => handler(...args));
      if (!reply.ok) log.error('ipc handler failed', { channel, code: reply.error.issue[0]?.code });
      return reply;
    });
  };

  for (const channel of IPC_CHANNELS) register(channel, handlers[channel], guards[channel]);
}
