// `npm run bench [-- <area>...]`: runs every benchmark area (each `test/bench/<area>.bench.ts`
// exporting `run(options)`), writes bench-results/<area>.json and prints a table per area.
// Figures are medians and in-run ratios from one run on a shared, noisy machine.
// `--short` (or CEIBA_BENCH_SHORT=1) asks each area for a quick run, as CI does.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../scripts/local-stack';
import { formatTable, writeReport, type BenchArea } from './report';

const args = process.argv.slice(2);
const short = args.includes('--short') || process.env.CEIBA_BENCH_SHORT === '1';
const only = args.filter((a) => !a.startsWith('--'));
const benchDir = join(repoRoot, 'test', 'bench');
const areas = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const unknown = only.filter((a) => !areas.includes(a));
if (unknown.length > 0) {
  console.error(`unknown benchmark area(s): ${unknown.join(', ')}; known: ${areas.join(', ')}`);
  process.exit(2);
}

const outDir = join(repoRoot, 'bench-results');
let failed = false;
for (const area of areas) {
  if (only.length > 0 && !only.includes(area)) continue;
  try {
    const mod = (await import(pathToFileURL(join(benchDir, `${area}.bench.ts`)).href)) as BenchArea;
    const report = await mod.run({ short });
    const file = writeReport(outDir, area, report);
    console.log(formatTable(area, report.figures));
    console.log(`(written to ${file})\n`);
  } catch (err) {
    failed = true;
    console.error(`benchmark ${area} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
