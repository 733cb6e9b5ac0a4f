// Issue 5 acceptance: a connection cut at every request of a representative sync round,
// before the request reaches the server; the harness
// (test/harness/sync-fault-suite.ts) says what is checked. The other kind is in
// sync-faults-per-request-after.test.ts, so the two run in parallel workers.
import { defineFaultPerRequestSuite, recordReference } from '../harness/sync-fault-suite';

defineFaultPerRequestSuite('reset-before', await recordReference());
