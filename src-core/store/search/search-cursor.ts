// Paging cursors. A cursor names the position after the last resource of a page by its sort keys
// and id (keyset paging), not by an offset, so resources written between two page requests never
// make a page repeat or skip one that was already there.
//
// The sort keys can be patient data (a family name), so a store that encrypts seals its cursors:
// the codec is the store's choice.
import { invalidSearch } from '../store-errors';
import type { SortValue } from './sort-resources';

export interface CursorPosition {
  /** Resource type and sort signature the cursor was made for. */
  readonly scope: string;
  readonly keys: readonly SortValue[];
  readonly id: string;
}

export interface CursorCodec {
  encode(position: CursorPosition): Promise<string>;
  /** Rejects with an OperationOutcome when the text is not a cursor this codec made. */
  decode(text: string): Promise<CursorPosition>;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw invalidSearch('_cursor is not a cursor from this store');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const isSortValue = (v: unknown): v is SortValue => v === null || typeof v === 'string' || typeof v === 'number';

export function encodePosition(position: CursorPosition): Uint8Array {
  return new TextEncoder().encode(JSON.stringify([position.scope, position.keys, position.id]));
}

export function decodePosition(bytes: Uint8Array): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalidSearch('_cursor is not a cursor from this store');
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    typeof parsed[0] === 'string' &&
    Array.isArray(parsed[1]) &&
    (parsed[1] as unknown[]).every(isSortValue) &&
    typeof parsed[2] === 'string'
  ) {
    return { scope: parsed[0], keys: parsed[1] as SortValue[], id: parsed[2] };
  }
  throw invalidSearch('_cursor is not a cursor from this store');
}

/** Plain cursors, for a store that keeps nothing secret (the memory store). */
export const plainCursorCodec: CursorCodec = {
  encode: (position) => Promise.resolve(toBase64Url(encodePosition(position))),
  decode: (text) => Promise.resolve(decodePosition(fromBase64Url(text))),
};
