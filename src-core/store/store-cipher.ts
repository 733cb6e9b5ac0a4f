// The seam between the local store and encryption at rest (DESIGN §4). The store never sees a
// key: it seals resource bodies and turns every searchable value into a keyed hash through this
// interface. An unlocked user session provides the implementation (src-core/store/crypto).
export interface StoreCipher {
  /** AES-GCM seal of a resource body; `aad` binds it to its row (e.g. "Patient/123"). */
  seal(plain: Uint8Array, aad: string): Promise<Uint8Array>;
  /** Opens what `seal` produced; rejects on tampering, a wrong key or a wrong `aad`. */
  open(sealed: Uint8Array, aad: string): Promise<Uint8Array>;
  /**
   * Keyed hash (HMAC) of a normalized search value, stable for one data key, so equality and
   * prefix lookups work on hashes. `domain` separates namespaces (e.g. "Patient.family").
   */
  token(domain: string, value: string): Promise<string>;
  /** Batch form of `token`, for indexing many values of one resource at once. */
  tokens(domain: string, values: readonly string[]): Promise<string[]>;
}
