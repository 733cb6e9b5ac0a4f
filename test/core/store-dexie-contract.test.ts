// The FhirStore contract against the Dexie store in Node, over fake-indexeddb, with a real
// (AES-GCM + HMAC) cipher: every search runs on hashed index entries and sealed bodies.
import { describeStoreContract } from '../harness/store-contract';
import { openNodeDexieStore } from '../harness/store-dexie-node';
import { nodeValidator } from '../harness/store-validator-node';

describeStoreContract('Dexie store (Node, fake-indexeddb)', (deps) => openNodeDexieStore(deps), nodeValidator);
