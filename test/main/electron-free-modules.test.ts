// The main-process modules are unit-tested without the Electron runtime (it is not installed on
// the build machines, and `require('electron')` throws without it). Only the two entry points may
// import Electron values; everything else may import Electron *types* only.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcMain = join(import.meta.dirname, '..', '..', 'src-main');
const ENTRY_POINTS = new Set(['main.ts', 'preload.ts']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

const VALUE_IMPORT_OF_ELECTRON = /^\s*(?:import(?!\s+type\b)[^;]*?from\s*|import\s*|export(?!\s+type\b)[^;]*?from\s*)['"]electron(?:\/[^'"]*)?['"]|require\(\s*['"]electron/m;

describe('electron-free modules', () => {
  it('import no Electron values outside main.ts and preload.ts', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(srcMain)) {
      const rel = relative(srcMain, file);
      if (ENTRY_POINTS.has(rel)) continue;
      if (VALUE_IMPORT_OF_ELECTRON.test(await readFile(file, 'utf8'))) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself tells type imports from value imports', () => {
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import type { WebContents } from 'electron';`)).toBe(false);
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import { app } from 'electron';`)).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import { type App, app } from "electron";`)).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test(`import 'electron';`)).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test(`const { app } = require('electron');`)).toBe(true);
  });
});
