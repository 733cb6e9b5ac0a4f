// Clinical data build: `npx tsx scripts/clinical/build.ts [--check]`.
// Reads the reference data in ../shared/data (beside the repository; CEIBA_SHARED_DATA overrides) and
// writes the derived WHO growth tables and the example immunization schedule under
// resources/clinical, each with its SOURCE.md. The app never reads shared/ at run time: the output is
// committed. With --check nothing is written; it exits 1 when a committed file differs from what the
// generator derives.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClinicalData } from './generate';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sharedDataDir(): string {
  const candidates = [process.env.CEIBA_SHARED_DATA, join(repoRoot, '..', 'shared', 'data')].filter(
    (c): c is string => c !== undefined && c !== '',
  );
  const found = candidates.find((dir) => existsSync(join(dir, 'SOURCES.md')));
  if (found === undefined) {
    throw new Error(`shared reference data not found (looked in ${candidates.join(', ')}); set CEIBA_SHARED_DATA`);
  }
  return found;
}

const check = process.argv.includes('--check');
const files = generateClinicalData(sharedDataDir());
const drifted: string[] = [];
for (const [relative, content] of files) {
  const target = join(repoRoot, relative);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === content) continue;
  if (check) {
    drifted.push(relative);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    console.log(`wrote ${relative}`);
  }
}
if (check) {
  if (drifted.length > 0) {
    console.error(`clinical data differs from the generator (run npx tsx scripts/clinical/build.ts):\n  ${drifted.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`clinical data: ${files.size} generated files match`);
} else {
  console.log(`clinical data: ${files.size} files up to date`);
}
