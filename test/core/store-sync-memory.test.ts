// The SyncStore contract against the memory store (the reference implementation).
import { createMemoryStore } from '../../src-core/store/memory-store';
import { describeSyncStoreContract } from '../harness/store-sync-contract';
import { nodeValidator } from '../harness/store-validator-node';

describeSyncStoreContract('memory store (Node)', (deps) => Promise.resolve({ store: createMemoryStore(deps), close: () => Promise.resolve() }), nodeValidator);
