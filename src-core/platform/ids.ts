/** Id generator passed in by the caller: every resource gets a device-assigned UUID (DESIGN §5). */
export interface Ids {
  uuid(): string;
}

export const cryptoIds: Ids = { uuid: () => globalThis.crypto.randomUUID() };
