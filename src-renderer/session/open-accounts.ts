// The heavy half of the session layer, loaded on demand (a separate chunk): the store engine
// with its FHIR search tables, the validator with the R4 and Ceiba definitions, and the key vault.
// The shell (navigation, "Acerca de") paints without waiting for it.
import { ceibaValidator } from '../../src-core/fhir/validator';
import { DexieStore } from '../../src-core/store';
import type { KeyStore } from '../../src-core/store/crypto';
import { AccountService } from './account-service';

export interface OpenedAccounts {
  readonly service: AccountService;
  close(): void;
}

export async function openAccounts(databaseName: string, keyStore: KeyStore): Promise<OpenedAccounts> {
  const database = await DexieStore.open({ name: databaseName });
  return {
    service: new AccountService({ database, keyStore, validator: ceibaValidator() }),
    close: () => {
      database.close();
    },
  };
}
