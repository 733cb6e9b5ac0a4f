// Issue 5 acceptance: a connection cut at every request of a representative sync round,
// after the server committed and answered, before the reply arrives; the harness
// (test/harness/sync-fault-suite.ts) says what is checked. The other kind is in
// sync-faults-per-request-before.test.ts, so the two run in parallel workers.
import { defineFaultPerRequestSuite, recordReference } from '../harness/sync-fault-suite';

defineFaultPerRequestSuite('reset-after-commit', await recordReference());
