// Import boundaries between the source trees (DESIGN §2, STYLE §1).
// Kept apart from eslint.config.js so a test can lint fixtures against exactly these rules
// without type information (test/core/lint-boundaries.test.ts).
import { builtinModules } from 'node:module';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A package and its subpaths, matched on the whole specifier. Gitignore-style `group` patterns
 * would also match any relative path with a folder of that name (e.g. './crypto/key-store').
 */
const packages = (names) => `^(${names.map(escape).join('|')})(/.*)?$`;

const builtinNames = builtinModules.filter((m) => !m.startsWith('_'));

const rule = (paths, patterns) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: `'${name}' may not be imported here (see DESIGN §2).` })),
    patterns: patterns.map((p) => ('regex' in p ? { regex: p.regex, message: p.message } : { group: p.group, message: p.message })),
  },
];

const otherTrees = (...trees) =>
  trees.map((t) => ({ group: [`**/${t}`, `**/${t}/**`], message: `${t} may not be imported from here (see DESIGN §2).` }));
const dexieOnlyInStore = { regex: packages(['dexie']), message: 'Only src-core/store/dexie-store* may import dexie.' };
const peerOnlyInAdapters = {
  regex: packages(['simple-peer']),
  message: 'Only src-core/teleconsult/adapters may import simple-peer.',
};
const noNode = {
  regex: `^node:|${packages(builtinNames)}`,
  message: 'src-core and the renderer are platform-free: no Node built-ins.',
};
const noElectron = { regex: packages(['electron']), message: 'Electron is reached only from src-main.' };
const noReact = { regex: packages(['react', 'react-dom']), message: 'React lives in src-renderer only.' };

const coreBase = [noNode, noElectron, noReact, ...otherTrees('src-main', 'src-renderer', 'src-server')];

/** @type {import('eslint').Linter.Config[]} */
export const boundaries = [
  {
    name: 'ceiba/boundaries/core',
    files: ['src-core/**/*.ts'],
    rules: { 'no-restricted-imports': rule([], [...coreBase, dexieOnlyInStore, peerOnlyInAdapters]) },
  },
  {
    name: 'ceiba/boundaries/core-dexie-store',
    files: ['src-core/store/dexie-store*.ts', 'src-core/store/dexie-store/**/*.ts'],
    rules: { 'no-restricted-imports': rule([], [...coreBase, peerOnlyInAdapters]) },
  },
  {
    name: 'ceiba/boundaries/core-teleconsult-adapters',
    files: ['src-core/teleconsult/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': rule([], [...coreBase, dexieOnlyInStore]) },
  },
  {
    name: 'ceiba/boundaries/renderer',
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': rule(
        [],
        [noNode, noElectron, dexieOnlyInStore, peerOnlyInAdapters, ...otherTrees('src-main', 'src-server')],
      ),
    },
  },
  {
    name: 'ceiba/boundaries/main',
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': rule([], [noReact, dexieOnlyInStore, peerOnlyInAdapters, ...otherTrees('src-renderer')]),
    },
  },
  {
    name: 'ceiba/boundaries/server',
    files: ['src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        [],
        [noElectron, noReact, dexieOnlyInStore, peerOnlyInAdapters, ...otherTrees('src-main', 'src-renderer')],
      ),
    },
  },
];
