// The FhirStore contract against the memory store (the reference implementation).
import { createMemoryStore } from '../../src-core/store/memory-store';
import { describeStoreContract } from '../harness/store-contract';
import { nodeValidator } from '../harness/store-validator-node';

describeStoreContract(
  'memory store (Node)',
  (deps) => Promise.resolve({ store: createMemoryStore(deps), close: () => Promise.resolve() }),
  nodeValidator,
);
