// An AccountService over a real Dexie store in Node (fake-indexeddb, its own IDBFactory per
// call), with a low PBKDF2 count so each sign-in takes milliseconds; and the sample health post
// and users the session tests share.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ceibaValidator } from '../../src-core/fhir/validator';
import { DexieStore } from '../../src-core/store';
import { AccountService, type AccountDatabase, type SetupInput } from '../../src-renderer/session/account-service';
import type { UserInput } from '../../src-renderer/session/user-resources';
import { TEST_PBKDF2_ITERATIONS } from './encryption-vault';

export const CHICOJ: SetupInput = {
  post: { name: 'Puesto de Salud Chicoj', code: '16-01-PS-007', district: 'Distrito Municipal de Salud de Cobán', department: '16', municipality: '1601' },
  admin: { userId: 'rosa.caal', given: 'Rosa', family: 'Caal Xol', position: 'enfermera-profesional' },
  password: 'ceiba-Rosa-2024',
};

export const NURSE: { user: UserInput; password: string } = {
  user: { userId: 'ana.pop', given: 'Ana María', family: 'Pop Choc', role: 'nurse' },
  password: 'ceiba-Ana-2024',
};

export interface NodeAccounts {
  readonly service: AccountService;
  readonly database: DexieStore;
  readonly factory: IDBFactory;
  close(): void;
}

/** A service over a fresh database, or over `factory`'s existing one (the same PC, reopened). */
export async function openNodeAccounts(
  options: { factory?: IDBFactory; wrap?: (database: AccountDatabase) => AccountDatabase } = {},
): Promise<NodeAccounts> {
  const factory = options.factory ?? new IDBFactory();
  const database = await DexieStore.open({ name: 'ceiba', indexedDB: factory, IDBKeyRange });
  const service = new AccountService({
    database: options.wrap?.(database) ?? database,
    validator: ceibaValidator(),
    pbkdf2Iterations: TEST_PBKDF2_ITERATIONS,
  });
  return { service, database, factory, close: () => { database.close(); } };
}
