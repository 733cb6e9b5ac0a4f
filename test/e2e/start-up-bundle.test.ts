// The web shell's start-up bundle stays small (DESIGN §9: interactive ≤ 2 s on old PCs): the
// nurse's screens, the store, the validator and the clinical tables load on first use, not at
// start. dist/web is the production build of the e2e project's global set-up. A failure names the
// chunk: a page imported eagerly in app.tsx, or a heavy module imported from the shell, is the
// usual cause.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webDistDir } from '../../scripts/local-stack';

const LIMIT_BYTES = 1024 * 1024;

describe('start-up bundle', () => {
  it('index.html loads less than 1 MB of script before the first screen', async () => {
    const html = await readFile(join(webDistDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    const assets = new Set(await readdir(join(webDistDir, 'assets')));
    let total = 0;
    for (const script of scripts) {
      expect(assets.has(script.slice('assets/'.length)), script).toBe(true);
      total += (await readFile(join(webDistDir, script))).length;
    }
    expect(total, `start-up scripts: ${scripts.join(', ')}`).toBeLessThan(LIMIT_BYTES);
  });
});
