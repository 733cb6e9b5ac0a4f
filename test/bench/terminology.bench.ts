// CIE-10 search latency over the whole Spanish table (target: p95 ≤ 10 ms per query), plus the cost
// of loading and indexing the table. Queries: codes in the spellings people type, prefixes of 3–10
// letters of common clinical words, whole words with and without accents, and several-word
// queries. Each query is timed on its own with performance.now(); the index is warmed first.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cie10Index } from '../../src-core/fhir/terminology/cie10-search';
import { loadCie10Index } from '../../src-core/fhir/terminology/load-cie10-index';
import { searchMunicipalities } from '../../src-core/fhir/terminology/municipality-search';
import type { Cie10Row } from '../../src-core/fhir/terminology/table-types';
import { machineInfo, median, percentile, type BenchOptions, type BenchReport } from './report';

const WORDS = [
  'neumonía', 'diabetes', 'hipertensión', 'diarrea', 'fiebre', 'infección', 'embarazo', 'parto',
  'desnutrición', 'anemia', 'asma', 'bronquitis', 'cefalea', 'dolor', 'fractura', 'herida',
  'quemadura', 'parasitosis', 'amebiasis', 'conjuntivitis', 'otitis', 'faringitis', 'amigdalitis',
  'gastritis', 'dermatitis', 'escabiosis', 'varicela', 'dengue', 'paludismo', 'tuberculosis',
  'depresión', 'ansiedad', 'epilepsia', 'migraña', 'insuficiencia', 'hemorragia', 'intoxicación',
  'mordedura', 'gastroenteritis', 'vómito',
];
const PHRASES = [
  'infeccion vias urinarias', 'dolor abdominal', 'diabetes mellitus', 'embarazo normal', 'fractura femur',
  'herida mano', 'neumonia no especificada', 'hipertension esencial', 'control niño sano', 'tos ferina',
  'e11 coma', 'supervision embarazo', 'diarrea infecciosa', 'anemia deficiencia hierro',
];

const fold = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '');

function querySet(rows: readonly Cie10Row[], short: boolean): string[] {
  const queries: string[] = [];
  for (const word of WORDS) {
    queries.push(word, fold(word), word.toUpperCase());
    for (let n = 3; n <= Math.min(10, word.length - 1); n += 2) queries.push(fold(word).slice(0, n));
  }
  queries.push(...PHRASES);
  // Codes: every 97th row, as printed, without the dot, in lower case, and its 2-3 character prefix.
  rows.forEach(([code], i) => {
    if (i % 97 !== 0) return;
    queries.push(code, code.replace('.', ''), code.toLowerCase(), code.slice(0, 2 + (i % 2)));
  });
  return short ? queries.filter((_, i) => i % 4 === 0) : queries;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function run(options: BenchOptions): Promise<BenchReport> {
  // First use in this process: the dynamic import of the JSON plus building the index.
  const loadStart = performance.now();
  const index = await loadCie10Index();
  const loadMs = performance.now() - loadStart;
  const rows = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../resources/terminology/cie10.json', import.meta.url)), 'utf8'),
  ) as Cie10Row[];

  const builds: number[] = [];
  for (let i = 0; i < (options.short ? 3 : 9); i++) builds.push(time(() => Cie10Index.build(rows)));

  const queries = querySet(rows, options.short);
  const rounds = options.short ? 2 : 5;
  for (const q of queries) index.search(q); // warm-up
  const latencies: number[] = [];
  let results = 0;
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      latencies.push(
        time(() => {
          results += index.search(q).length;
        }),
      );
    }
  }

  const municipalityQueries = ['san', 'santa', 'coban', 'chi', 'quetzal', 'pedro', 'la', 'jo', 'mixco', 'xela'];
  const municipalityLatencies: number[] = [];
  for (let r = 0; r < rounds * 4; r++) {
    for (const q of municipalityQueries) municipalityLatencies.push(time(() => searchMunicipalities(q)));
  }

  return {
    figures: {
      cie10_rows: { value: index.size, unit: 'rows' },
      cie10_load_ms: { value: loadMs, unit: 'ms' },
      cie10_index_build_ms: { value: median(builds), unit: 'ms' },
      cie10_search_p50_ms: { value: median(latencies), unit: 'ms' },
      cie10_search_p95_ms: { value: percentile(latencies, 95), unit: 'ms' },
      cie10_search_max_ms: { value: Math.max(...latencies), unit: 'ms' },
      cie10_queries: { value: latencies.length, unit: 'queries' },
      cie10_mean_results: { value: results / latencies.length, unit: 'rows' },
      municipality_search_p95_ms: { value: percentile(municipalityLatencies, 95), unit: 'ms' },
    },
    machine: machineInfo({ short: options.short ? 1 : 0 }),
    date: new Date().toISOString(),
  };
}
