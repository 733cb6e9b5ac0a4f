// Import boundaries between the source trees (DESIGN §2, STYLE §1).
// Kept apart from eslint.config.js so a test can lint fixtures against exactly these rules
// without type information (test/core/lint-boundaries.test.ts).
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), 'node:*'];

const rule = (paths, patterns) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: `'${name}' may not be imported here (see DESIGN §2).` })),
    patterns: patterns.map((p) => ({ group: p.group, message: p.message })),
  },
];

const otherTrees = (...trees) =>
  trees.map((t) => ({ group: [`**/${t}`, `**/${t}/**`], message: `${t} may not be imported from here (see DESIGN §2).` }));
const dexieOnlyInStore = { group: ['dexie', 'dexie/*'], message: 'Only src-core/store/dexie-store* may import dexie.' };
const peerOnlyInAdapters = {
  group: ['simple-peer', 'simple-peer/*'],
  message: 'Only src-core/teleconsult/adapters may import simple-peer.',
};
const noNode = { group: nodeBuiltins, message: 'src-core and the renderer are platform-free: no Node built-ins.' };
const noElectron = { group: ['electron', 'electron/*'], message: 'Electron is reached only from src-main.' };
const noReact = { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'React lives in src-renderer only.' };

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
