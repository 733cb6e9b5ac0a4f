// Runtime checks of the arguments each IPC channel receives. The contract types them, but they
// arrive from the renderer, so main checks them before a handler sees them. The mapped type makes
// a new channel in the contract a compile error here until its guard is written.
import type { IpcArgs, IpcChannel, UserActivity } from '../src-core/ipc/contract';

export type IpcArgGuards = {
  readonly [K in IpcChannel]: (args: readonly unknown[]) => args is IpcArgs<K>;
};

const noArgs = (args: readonly unknown[]): args is [] => args.length === 0;

/** A key record is small; anything bigger is not one (and not worth encrypting). */
const MAX_KEY_RECORD_BYTES = 64 * 1024;
const oneByteArray = (args: readonly unknown[]): args is [Uint8Array] =>
  args.length === 1 && args[0] instanceof Uint8Array && args[0].byteLength <= MAX_KEY_RECORD_BYTES;

const activity = (args: readonly unknown[]): args is [UserActivity] => {
  if (args.length !== 1 || typeof args[0] !== 'object' || args[0] === null) return false;
  const value = args[0] as Record<string, unknown>;
  return Object.keys(value).length === 2 && typeof value.inCall === 'boolean' && typeof value.consultationOpen === 'boolean';
};

/** A suggested file name: short, a .pdf, no path separators or control characters. */
const FORBIDDEN_IN_FILE_NAME = new Set(['\\', '/', ':', '*', '?', '"', '<', '>', '|']);
const pdfFileName = (args: readonly unknown[]): args is [string] => {
  const name = args[0];
  if (args.length !== 1 || typeof name !== 'string' || name.length > 120 || !name.endsWith('.pdf') || name.length === '.pdf'.length) return false;
  return Array.from(name).every((ch) => !FORBIDDEN_IN_FILE_NAME.has(ch) && (ch.codePointAt(0) ?? 0) >= 0x20);
};

export const IPC_ARG_GUARDS: IpcArgGuards = {
  'app:get-info': noArgs,
  'app:get-config': noArgs,
  'keystore:get-kind': noArgs,
  'keystore:protect': oneByteArray,
  'keystore:unprotect': oneByteArray,
  'app:set-activity': activity,
  'print:to-pdf': pdfFileName,
};
