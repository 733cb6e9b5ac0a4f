// Loads the CIE-10 table (about 1 MB of JSON) on first use and builds its search index once.
// The dynamic import() keeps the table out of the renderer's start-up bundle: Vite emits it as a
// separate chunk fetched when a form first needs CIE-10; Node and vitest load the JSON directly.
import { Cie10Index } from './cie10-search';
import type { Cie10Row } from './table-types';

let pending: Promise<Cie10Index> | undefined;

/** The shared CIE-10 index, loaded and built on the first call; later calls reuse it. */
export function loadCie10Index(): Promise<Cie10Index> {
  pending ??= import('../../../resources/terminology/cie10.json').then(
    // JSON modules type arrays of pairs as string[][]; the build script writes [code, display] pairs.
    (module) => Cie10Index.build(module.default as unknown as readonly Cie10Row[]),
    (err: unknown) => {
      pending = undefined; // let a later call try again (e.g. a chunk that failed to load)
      throw err;
    },
  );
  return pending;
}
