// Builds the production renderer (dist/web) once for the whole e2e project, so test files that
// serve it through test/harness/e2e-shell.ts do not each spend a build.
import { buildRenderer } from '../../scripts/local-stack';

export default async function setup(): Promise<void> {
  await buildRenderer();
}
