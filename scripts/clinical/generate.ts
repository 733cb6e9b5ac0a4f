// Everything the clinical data build writes, computed in memory: repo-relative path → content.
// build.ts writes these files, or with --check compares them with the committed ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatJson } from '../terminology/format-json';
import { parseSources, requireSource } from '../terminology/sources';
import { renderClinicalSourceNote } from './source-note';
import { PLACEHOLDER_OVERDUE_AFTER_DAYS, deriveSyntheaSchedule } from './synthea-schedule';
import { GROWTH_SOURCES, deriveLmsTable, type GrowthSource } from './who-growth';

export const GROWTH_DIR = 'resources/clinical/who-growth';
export const SCHEDULE_FILE = 'resources/clinical/immunization/synthea-us-schedule.json';
const SYNTHEA_SCHEDULE = 'immunization/synthea_immunization_schedule.json';

const AXIS_NOTE: Record<GrowthSource['axisColumn'], string> = {
  age: 'age in days (source column `age`, already in days)',
  length: 'recumbent length in millimetres (source column `length` in cm × 10)',
  height: 'standing height in millimetres (source column `height` in cm × 10)',
};

export function generateClinicalData(sharedDataDir: string): Map<string, string> {
  const read = (file: string): string => readFileSync(join(sharedDataDir, file), 'utf8');
  const sources = parseSources(read('SOURCES.md'));
  const files = new Map<string, string>();

  for (const growth of GROWTH_SOURCES) {
    const table = deriveLmsTable(growth, read(growth.file));
    const file = `${GROWTH_DIR}/${growth.name}.json`;
    files.set(file, formatJson(table));
    files.set(
      `${file}.SOURCE.md`,
      renderClinicalSourceNote({
        file: `${growth.name}.json`,
        summary: [
          `WHO Child Growth Standards (2006), ${growth.name}: the L (Box-Cox power), M (median) and S`,
          '(coefficient of variation) parameters by sex, as distributed with the WHO anthro R package.',
          'Read by src-core/clinical/growth (z-scores, chart curves).',
        ],
        source: requireSource(sources, growth.file),
        derivation: [
          'Tab-separated rows parsed by header; sex 1 = male, 2 = female.',
          `Axis: ${AXIS_NOTE[growth.axisColumn]}; the build fails on a gap, a duplicate, an off-grid value or sexes with different ranges.`,
          `Range found: ${table.first} to ${table.last} ${table.axisUnit === 'd' ? 'days' : 'mm'} for each sex (${table.male.length} rows per sex).`,
          'L, M and S are copied as numbers without rounding (JSON writes the shortest form of the same value).',
          ...(growth.basisColumn === undefined
            ? []
            : [
                `The \`${growth.basisColumn.column}\` column (L = length, H = height) is checked and dropped: ` +
                  (growth.name === 'length-height-for-age'
                    ? 'it is L exactly below day 731, which the code states as HEIGHT_FROM_DAYS.'
                    : `it is ${growth.basisColumn.expected(0)} on every row, which the table's name states.`),
              ]),
        ],
        shape: [
          '`{ "schemaVersion": 1, "indicator", "axisUnit": "d" | "mm", "first", "last", "male": [[L, M, S], …], "female": […] }`:',
          'row k of each sex is axis value `first + k`. TypeScript: `LmsTable` in src-core/clinical/growth/growth-tables.ts.',
        ],
        caveats: [
          'The anthro package is GPL-3; these numbers are the WHO standards themselves (published by WHO as ' +
            'tables), copied as data; whether that needs a note beyond this file is for the project to confirm. ' +
            'The z-score code was written for Ceiba to reproduce anthro\'s documented behaviour (see the comments in ' +
            'src-core/clinical/growth) and is checked against published anthro/igrowup results; no anthro code is included.',
          'Covers 0–5 years only (WHO 2006). The WHO 2007 reference for 5–19 years is not available here.',
          ...(growth.axisColumn === 'age'
            ? ['The age tables end at day 1826 (60 months); SOURCES.md describes weianthro.txt as running to day 1856, but the file does not.']
            : []),
        ],
      }),
    );
  }

  const schedule = deriveSyntheaSchedule(read(SYNTHEA_SCHEDULE));
  files.set(SCHEDULE_FILE, formatJson(schedule));
  files.set(
    `${SCHEDULE_FILE}.SOURCE.md`,
    renderClinicalSourceNote({
      file: 'synthea-us-schedule.json',
      summary: [
        '**NOT THE GUATEMALAN SCHEDULE.** The United States routine schedule (CDC/ACIP style) that the',
        'Synthea synthetic-patient generator simulates, converted to Ceiba\'s schedule format. It is here only',
        'because it is the one schedule data file available to the project: it exercises the',
        'schedule-agnostic status logic (src-core/clinical/immunization) and matches the CVX codes of the',
        'Synthea test patients. The MSPAS schedule (Lineamientos técnicos de vacunación) must replace it,',
        'written in the same format from the official document and reviewed, with `authoritative: true`.',
        'Do not present statuses computed from this file to a nurse as Guatemalan recommendations.',
      ],
      source: requireSource(sources, SYNTHEA_SCHEDULE),
      derivation: [
        'One vaccine per top-level key, in source order; `key` is the Synthea key (hepb, dtap, …).',
        '`code` (system, code, display) becomes the single entry of `codes` and `display` (CVX display, English).',
        'Each `at_months` value becomes a dose `{ "age": { "value": n, "unit": "mo" } }`, in source order.',
        'Dropped: `remark` (prose) and `first_available` (the year a vaccine entered the US market, which ' +
          'Synthea uses when simulating historical patients; it has no meaning for a schedule in use).',
        `Added: \`defaultOverdueAfterDays: ${PLACEHOLDER_OVERDUE_AFTER_DAYS}\`, a Ceiba placeholder (Synthea has no overdue window), ` +
          'and `authoritative: false`. No minimum ages, minimum intervals or maximum ages: the source has none, and none were invented.',
        'The result is checked with `checkImmunizationSchedule`.',
      ],
      shape: [
        '`ImmunizationSchedule` in src-core/clinical/immunization/immunization-schedule.ts:',
        '`{ schemaVersion, id, title, authoritative, defaultOverdueAfterDays, vaccines: [{ key, display, codes, doses: [{ age }] }] }`.',
      ],
      caveats: [
        'US content: vaccines (e.g. varicella, hepatitis A, zoster), products and ages differ from MSPAS.',
        'Influenza is listed as yearly doses from 6 months to 100 years, as Synthea simulates it.',
      ],
    }),
  );
  return files;
}
