// Proves the import boundaries of DESIGN §2 bite: forbidden imports in fixtures fail lint, the
// allowed exceptions pass, and the project's real eslint.config.js carries the same rules.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from '../../eslint.boundaries.js';

const root = resolve(import.meta.dirname, '../..');
const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/lint', name), 'utf8');

const boundaryLinter = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
});

async function restrictedImports(code: string, filePath: string, linter = boundaryLinter): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(root, filePath) });
  if (result === undefined) throw new Error('no lint result');
  const fatal = result.messages.filter((m) => m.fatal === true);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('rejects node built-ins, electron, react, dexie, simple-peer and other trees in src-core', async () => {
    const messages = await restrictedImports(fixture('core-imports-node.ts'), 'src-core/fhir/fixture.ts');
    expect(messages).toHaveLength(7);
    expect(messages.join('\n')).toMatch(/no Node built-ins/);
    expect(messages.join('\n')).toMatch(/Only src-core\/store\/dexie-store\* may import dexie/);
    expect(messages.join('\n')).toMatch(/Only src-core\/teleconsult\/adapters may import simple-peer/);
    expect(messages.join('\n')).toMatch(/src-main may not be imported/);
  });

  it('matches whole package specifiers, not relative folders that share their names', async () => {
    expect(await restrictedImports(fixture('core-relative-folders.ts'), 'src-core/store/fixture.ts')).toEqual([]);
    expect(await restrictedImports(fixture('core-relative-folders.ts'), 'src-renderer/platform/x.ts')).toEqual([]);
    expect(await restrictedImports(`import 'fs/promises';\nimport 'node:test';\nimport 'react-dom/client';`, 'src-core/x.ts')).toHaveLength(3);
  });

  it('lets only the Dexie store import dexie', async () => {
    expect(await restrictedImports(fixture('dexie-store.ts'), 'src-core/store/dexie-store.ts')).toEqual([]);
    expect(await restrictedImports(fixture('dexie-store.ts'), 'src-core/store/memory-store.ts')).toHaveLength(1);
    expect(await restrictedImports(fixture('dexie-store.ts'), 'src-renderer/features/patients/list.tsx')).toHaveLength(1);
  });

  it('lets only teleconsult adapters import simple-peer', async () => {
    expect(await restrictedImports(fixture('peer-adapter.ts'), 'src-core/teleconsult/adapters/simple-peer-factory.ts')).toEqual([]);
    expect(await restrictedImports(fixture('peer-adapter.ts'), 'src-core/teleconsult/call-session.ts')).toHaveLength(1);
    expect(await restrictedImports(fixture('peer-adapter.ts'), 'src-main/main.ts')).toHaveLength(1);
  });

  it('keeps the renderer away from electron, node, the servers and dexie', async () => {
    const messages = await restrictedImports(fixture('renderer-imports.ts'), 'src-renderer/features/x.tsx');
    expect(messages).toHaveLength(4);
  });

  it('is part of the real project configuration', async () => {
    const projectLinter = new ESLint({ cwd: root });
    const file = 'src-core/platform/clock.ts';
    const code = `import { readFileSync } from 'node:fs';\n${readFileSync(join(root, file), 'utf8')}\nexport const r = readFileSync;\n`;
    const messages = await restrictedImports(code, file, projectLinter);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/no Node built-ins/);
    // Type-aware linting builds a TypeScript program for the whole project first: slow on 2 cores.
  }, 120_000);
});
