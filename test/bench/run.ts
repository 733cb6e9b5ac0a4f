// `npm run bench`: runs every benchmark area in turn, writes bench-results/<area>.json and
// prints a table per area. Figures are medians/ratios from one run on a shared, noisy machine.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/local-stack';
import { formatTable, writeReport, type BenchReport } from './report';
import { run as webShellStartup } from './web-shell-startup';

const areas: Readonly<Record<string, () => Promise<BenchReport>>> = {
  'web-shell': webShellStartup,
};

const only = process.argv.slice(2);
const outDir = join(repoRoot, 'bench-results');
let failed = false;
for (const [area, run] of Object.entries(areas)) {
  if (only.length > 0 && !only.includes(area)) continue;
  try {
    const report = await run();
    const file = writeReport(outDir, area, report);
    console.log(formatTable(area, report.figures));
    console.log(`(written to ${file})\n`);
  } catch (err) {
    failed = true;
    console.error(`benchmark ${area} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
