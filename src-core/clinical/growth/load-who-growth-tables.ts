// Loads the four WHO growth tables (about 0.5 MB of JSON together) on first use. The dynamic
// import() keeps them out of the renderer's start-up bundle: Vite emits them as separate chunks
// fetched when a child's chart is first opened; Node and vitest load the JSON directly.
import type { LmsTable, WhoGrowthTables } from './growth-tables';

let pending: Promise<WhoGrowthTables> | undefined;

// JSON modules type the rows as number[][] and the literals as string; the build script writes
// exactly the LmsTable shape (scripts/clinical/who-growth.ts).
const asTable = (module: { default: unknown }): LmsTable => module.default as LmsTable;

/** The shared WHO growth tables, loaded on the first call; later calls reuse them. */
export function loadWhoGrowthTables(): Promise<WhoGrowthTables> {
  pending ??= Promise.all([
    import('../../../resources/clinical/who-growth/weight-for-age.json'),
    import('../../../resources/clinical/who-growth/length-height-for-age.json'),
    import('../../../resources/clinical/who-growth/weight-for-length.json'),
    import('../../../resources/clinical/who-growth/weight-for-height.json'),
  ]).then(
    ([weightForAge, lengthHeightForAge, weightForLength, weightForHeight]) => ({
      weightForAge: asTable(weightForAge),
      lengthHeightForAge: asTable(lengthHeightForAge),
      weightForLength: asTable(weightForLength),
      weightForHeight: asTable(weightForHeight),
    }),
    (err: unknown) => {
      pending = undefined; // let a later call try again (e.g. a chunk that failed to load)
      throw err;
    },
  );
  return pending;
}
