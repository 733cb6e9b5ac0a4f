// A generated register of people and two kinds of registration attempts against it, to measure
// duplicate detection: near-duplicates (an existing person typed again with the errors seen in
// registers) and non-duplicates (other people who share common surnames and the birth year of an
// existing person). Deterministic for a seed (mulberry32).
import type { MatchablePatient } from '../../src-core/clinical/duplicates/match-profile';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Frequent first, so that draws follow a Zipf-like law: a few names and surnames are very common,
// as in any municipality (several "María" and "Caal" per aldea), which is what makes matching hard.
const FEMALE_GIVEN = [
  'María', 'Ana', 'Juana', 'Rosa', 'Marta', 'Catarina', 'Magdalena', 'Elena', 'Sandra', 'Lucía', 'Floridalma',
  'Carmen', 'Isabel', 'Josefina', 'Ixchel', 'Sonia', 'Gladys', 'Irma', 'Francisca', 'Virginia', 'Yesenia',
  'Griselda', 'Manuela', 'Rosario', 'Vilma', 'Dominga', 'Tomasa', 'Olga', 'Patricia', 'Wendy', 'Heidy',
  'Brenda', 'Silvia', 'Alejandra', 'Cecilia', 'Yolanda', 'Zoila', 'Aura', 'Blanca', 'Herlinda',
];
const MALE_GIVEN = [
  'Juan', 'José', 'Pedro', 'Carlos', 'Manuel', 'Francisco', 'Santos', 'Domingo', 'Miguel', 'Luis', 'Diego',
  'Marvin', 'Byron', 'Edgar', 'Mario', 'Óscar', 'Tomás', 'Sebastián', 'Andrés', 'Gaspar', 'Baltazar',
  'Jorge', 'Víctor', 'Héctor', 'Rigoberto', 'Ángel', 'Cristóbal', 'Nicolás', 'Felipe', 'Julio', 'Walter',
  'Kevin', 'Elmer', 'Fredy', 'Gerardo', 'Hugo', 'Jacinto', 'Lorenzo', 'Mateo', 'Wilson',
];
const SURNAMES = [
  'López', 'Pérez', 'García', 'Caal', 'Choc', 'Xol', 'Pop', 'Hernández', 'González', 'Tzoc', 'Xiloj',
  'Coc', 'Tiul', 'Cux', 'Ramírez', 'Chen', 'Ical', 'Quej', 'Tzul', 'Morales', 'Gómez', 'Vásquez',
  'Ajanel', 'Tum', 'Chiroy', 'Yax', 'Batz', 'Cumes', 'Sicán', 'Mejía', 'Cac', 'Maquín', 'Bol', 'Cuz',
  'Sac', 'Tut', 'Quiché', 'Velásquez', 'Castillo', 'De León', 'Hernández', 'Guarcas', 'Ixcoy', 'Xitumul',
  'Chuc', 'Tax', 'Sis', 'Us', 'Ordóñez', 'Zacarías', 'Cojtí', 'Sajché', 'Quixtán', 'Chávez', 'Boc',
  'Ac', 'Mucía', 'Yat', 'Botzoc', "K'iché", 'Tzunún', 'Cholotío',
];
const MUNICIPALITIES = ['1601', '1602', '1603', '1604', '1605', '1606', '1607', '1608', '1609', '1610', '1611', '1612'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
/** Zipf-like: index k drawn with weight 1 / (k + 1). */
function pickZipf<T>(rng: Rng, items: readonly T[]): T {
  let total = 0;
  for (let k = 0; k < items.length; k++) total += 1 / (k + 1);
  let r = rng() * total;
  for (let k = 0; k < items.length; k++) {
    r -= 1 / (k + 1);
    if (r <= 0) return items[k] as T;
  }
  return items[items.length - 1] as T;
}

export interface Person {
  readonly id: string;
  readonly gender: 'female' | 'male';
  readonly given: readonly string[];
  readonly surnames: readonly string[];
  readonly birthDate: string;
  readonly municipality: string;
  readonly cui?: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function randomDate(rng: Rng, year: number): string {
  const month = 1 + Math.floor(rng() * 12);
  const day = 1 + Math.floor(rng() * daysIn(year, month));
  return `${year}-${pad(month)}-${pad(day)}`;
}

function randomPerson(rng: Rng, id: string): Person {
  const gender = rng() < 0.5 ? 'female' : 'male';
  const pool = gender === 'female' ? FEMALE_GIVEN : MALE_GIVEN;
  const first = pickZipf(rng, pool);
  let second = pickZipf(rng, pool);
  while (second === first) second = pick(rng, pool);
  const given = rng() < 0.6 ? [first, second] : [first];
  const s1 = pickZipf(rng, SURNAMES);
  const s2 = pickZipf(rng, SURNAMES);
  const surnames = rng() < 0.9 ? [s1, s2] : [s1];
  // Children are over-represented at a health post; adults span 1950–2005.
  const year = rng() < 0.4 ? 2019 + Math.floor(rng() * 6) : 1950 + Math.floor(rng() * 56);
  const cui = year < 2008 && rng() < 0.5 ? `${String(Math.floor(rng() * 1e8)).padStart(8, '0')}0${pick(rng, MUNICIPALITIES)}` : undefined;
  return {
    id,
    gender,
    given,
    surnames,
    birthDate: randomDate(rng, year),
    municipality: pick(rng, MUNICIPALITIES),
    ...(cui === undefined ? {} : { cui }),
  };
}

export function generateRegister(rng: Rng, size: number): Person[] {
  return Array.from({ length: size }, (_, i) => randomPerson(rng, `p${i}`));
}

// --- perturbations seen in registers -----------------------------------------------------------

const stripAccents = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

function typo(rng: Rng, word: string): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(rng() * (word.length - 1));
  switch (Math.floor(rng() * 4)) {
    case 0:
      return word.slice(0, i) + pick(rng, LETTERS) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + pick(rng, LETTERS) + word.slice(i);
    default:
      return i < word.length - 1 ? word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2) : word.slice(0, -1);
  }
}

const RESPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/c(?=[aou])/i, 'k'],
  [/k/i, 'c'],
  [/qu(?=[ei])/i, 'k'],
  [/z/i, 's'],
  [/s(?!$)/i, 'z'],
  [/v/i, 'b'],
  [/b/i, 'v'],
  [/x/i, 'sh'],
  [/ll/i, 'y'],
  [/j$/i, 'c'],
  [/^h/i, ''],
  [/^(?=[aeiou])/i, 'H'],
  [/'/, ''],
  [/(?<=[aeiou])(?=[lr])/i, 'h'],
];

function respell(rng: Rng, word: string): string {
  const options = RESPELLINGS.filter(([pattern]) => pattern.test(word));
  if (options.length === 0) return typo(rng, word);
  const [pattern, replacement] = pick(rng, options);
  return word.replace(pattern, replacement);
}

/** Changes one word of `words` with `change`. */
function changeOne(rng: Rng, words: readonly string[], change: (w: string) => string): string[] {
  const out = [...words];
  const i = Math.floor(rng() * out.length);
  out[i] = change(out[i] ?? '');
  return out;
}

export type NearDuplicateKind =
  | 'exact-retyped'
  | 'typo'
  | 'accents'
  | 'phonetic'
  | 'swapped-surnames'
  | 'missing-second-surname'
  | 'second-given-name-dropped'
  | 'two-changes';

const NEAR_KINDS: readonly NearDuplicateKind[] = [
  'exact-retyped',
  'typo',
  'accents',
  'phonetic',
  'swapped-surnames',
  'missing-second-surname',
  'second-given-name-dropped',
  'two-changes',
];

function perturbName(rng: Rng, p: { given: string[]; surnames: string[] }, kind: Exclude<NearDuplicateKind, 'two-changes'>): void {
  switch (kind) {
    case 'exact-retyped':
      p.given = p.given.map((g) => g.toUpperCase());
      return;
    case 'typo':
      if (rng() < 0.5) p.given = changeOne(rng, p.given, (w) => typo(rng, w));
      else p.surnames = changeOne(rng, p.surnames, (w) => typo(rng, w));
      return;
    case 'accents':
      p.given = p.given.map(stripAccents);
      p.surnames = p.surnames.map((s) => stripAccents(s).toLowerCase());
      return;
    case 'phonetic':
      if (rng() < 0.4) p.given = changeOne(rng, p.given, (w) => respell(rng, w));
      else p.surnames = changeOne(rng, p.surnames, (w) => respell(rng, w));
      return;
    case 'swapped-surnames':
      p.surnames = [...p.surnames].reverse();
      return;
    case 'missing-second-surname':
      p.surnames = p.surnames.slice(0, 1);
      return;
    case 'second-given-name-dropped':
      p.given = p.given.length > 1 && rng() < 0.5 ? [p.given[1] ?? ''] : p.given.slice(0, 1);
      return;
  }
}

export type DateChange = 'same' | 'day-typo' | 'day-month-swapped' | 'approximate' | 'year-typo';

/** The birth date as typed again: mostly the same, else the errors and approximations seen. */
function perturbBirthDate(rng: Rng, date: string): { date: string; change: DateChange } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const r = rng();
  if (r < 0.75) return { date, change: 'same' };
  if (r < 0.85) {
    const day = Math.min(daysIn(y, m), Math.max(1, d + (rng() < 0.5 ? -1 : 1) * (1 + Math.floor(rng() * 3))));
    return day === d ? { date, change: 'same' } : { date: `${y}-${pad(m)}-${pad(day)}`, change: 'day-typo' };
  }
  if (r < 0.9 && d <= 12 && d !== m) return { date: `${y}-${pad(d)}-${pad(m)}`, change: 'day-month-swapped' };
  // An adult who does not know the exact date, registered on 1 January or 1 July of the year.
  if (r < 0.95 && y < 2005) {
    const approximate = rng() < 0.5 ? `${y}-01-01` : `${y}-07-01`;
    return approximate === date ? { date, change: 'same' } : { date: approximate, change: 'approximate' };
  }
  const year = y + (rng() < 0.5 ? -1 : 1);
  return { date: `${year}-${pad(m)}-${pad(Math.min(d, daysIn(year, m)))}`, change: 'year-typo' };
}

export interface Query {
  readonly patient: MatchablePatient;
  /** The existing person this is a re-registration of, or undefined for a new person. */
  readonly duplicateOf?: string;
  readonly kind: string;
  /** Near-duplicates: how the birth date was typed again. */
  readonly dateChange?: DateChange;
}

export function nearDuplicate(rng: Rng, source: Person, index: number): Query {
  const kind = pick(rng, NEAR_KINDS);
  const p = { given: [...source.given], surnames: [...source.surnames] };
  if (kind === 'two-changes') {
    const simple = NEAR_KINDS.filter((k): k is Exclude<NearDuplicateKind, 'two-changes'> => k !== 'two-changes' && k !== 'exact-retyped');
    perturbName(rng, p, pick(rng, simple));
    perturbName(rng, p, pick(rng, simple));
  } else {
    perturbName(rng, p, kind);
  }
  const municipality = rng() < 0.8 ? source.municipality : rng() < 0.5 ? undefined : pick(rng, MUNICIPALITIES);
  const birth = perturbBirthDate(rng, source.birthDate);
  return {
    patient: {
      id: `q${index}`,
      given: p.given,
      surnames: p.surnames,
      birthDate: birth.date,
      gender: source.gender,
      ...(municipality === undefined ? {} : { municipality }),
    },
    duplicateOf: source.id,
    kind,
    dateChange: birth.change,
  };
}

export type NonDuplicateKind = 'same-surnames' | 'same-given-and-first-surname' | 'sibling-similar-name' | 'twin';

/** Someone else with the surnames and birth year of `source` (a sibling, cousin or namesake). */
export function nonDuplicate(rng: Rng, source: Person, index: number): Query {
  const r = rng();
  const kind: NonDuplicateKind = r < 0.4 ? 'same-surnames' : r < 0.7 ? 'same-given-and-first-surname' : r < 0.9 ? 'sibling-similar-name' : 'twin';
  const year = Number(source.birthDate.slice(0, 4));
  let gender: 'female' | 'male' = rng() < 0.5 ? 'female' : 'male';
  let given: string[];
  let surnames = [...source.surnames];
  let birthDate = randomDate(rng, year);
  while (birthDate === source.birthDate) birthDate = randomDate(rng, year);
  const otherGiven = (g: 'female' | 'male'): string => {
    const pool = g === 'female' ? FEMALE_GIVEN : MALE_GIVEN;
    let name = pickZipf(rng, pool);
    while (stripAccents(name) === stripAccents(source.given[0] ?? '')) name = pick(rng, pool);
    return name;
  };
  switch (kind) {
    case 'same-surnames':
    case 'twin':
      given = [otherGiven(gender)];
      if (kind === 'twin') birthDate = source.birthDate;
      break;
    case 'same-given-and-first-surname': {
      gender = source.gender;
      given = [...source.given];
      let second = pickZipf(rng, SURNAMES);
      while (second === source.surnames[1] || second === source.surnames[0]) second = pick(rng, SURNAMES);
      surnames = [source.surnames[0] ?? '', second];
      break;
    }
    case 'sibling-similar-name': {
      // Juan / Juana, Mario / María, Francisco / Francisca: the other sex's form of the name.
      const first = source.given[0] ?? '';
      gender = source.gender === 'female' ? 'male' : 'female';
      const variant = source.gender === 'male' ? `${stripAccents(first).replace(/o$/, '')}a` : stripAccents(first).replace(/a$/, 'o');
      given = [variant === stripAccents(first) ? otherGiven(gender) : variant];
      break;
    }
  }
  return {
    patient: { id: `n${index}`, given, surnames, birthDate, gender, municipality: rng() < 0.5 ? source.municipality : pick(rng, MUNICIPALITIES) },
    kind,
  };
}

export function generateQueries(rng: Rng, register: readonly Person[], positives: number, negatives: number): Query[] {
  const queries: Query[] = [];
  for (let i = 0; i < positives; i++) queries.push(nearDuplicate(rng, pick(rng, register), i));
  for (let i = 0; i < negatives; i++) queries.push(nonDuplicate(rng, pick(rng, register), i));
  return queries;
}

// --- measurement -------------------------------------------------------------------------------

export interface DuplicateMetrics {
  readonly positives: number;
  readonly negatives: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly precision: number;
  readonly recall: number;
  /** Near-duplicates whose true record is the first candidate. */
  readonly top1: number;
  /** Non-duplicate queries that got at least one candidate. */
  readonly falseAlarmRate: number;
  readonly recallByKind: Readonly<Record<string, number>>;
  readonly recallByDateChange: Readonly<Record<string, number>>;
  readonly falseAlarmsByKind: Readonly<Record<string, number>>;
}

export function measure(queries: readonly Query[], search: (q: MatchablePatient) => readonly { patient: MatchablePatient }[]): DuplicateMetrics {
  let tp = 0;
  let fp = 0;
  let top1 = 0;
  let alarmed = 0;
  const kinds = new Map<string, { n: number; hit: number }>();
  const alarms = new Map<string, { n: number; hit: number }>();
  const dates = new Map<string, { n: number; hit: number }>();
  for (const query of queries) {
    const ids = search(query.patient).map((c) => c.patient.id);
    const tally = query.duplicateOf === undefined ? alarms : kinds;
    const entry = tally.get(query.kind) ?? { n: 0, hit: 0 };
    tally.set(query.kind, entry);
    entry.n += 1;
    if (query.duplicateOf === undefined) {
      fp += ids.length;
      if (ids.length > 0) {
        alarmed += 1;
        entry.hit += 1;
      }
      continue;
    }
    const found = ids.includes(query.duplicateOf);
    const dateEntry = dates.get(query.dateChange ?? 'same') ?? { n: 0, hit: 0 };
    dates.set(query.dateChange ?? 'same', dateEntry);
    dateEntry.n += 1;
    if (found) {
      tp += 1;
      entry.hit += 1;
      dateEntry.hit += 1;
    }
    if (ids[0] === query.duplicateOf) top1 += 1;
    fp += ids.length - (found ? 1 : 0);
  }
  const positives = queries.filter((q) => q.duplicateOf !== undefined).length;
  const negatives = queries.length - positives;
  const ratio = (m: Map<string, { n: number; hit: number }>): Record<string, number> =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.hit / v.n]));
  return {
    positives,
    negatives,
    truePositives: tp,
    falsePositives: fp,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: positives === 0 ? 1 : tp / positives,
    top1: positives === 0 ? 1 : top1 / positives,
    falseAlarmRate: negatives === 0 ? 0 : alarmed / negatives,
    recallByKind: ratio(kinds),
    recallByDateChange: ratio(dates),
    falseAlarmsByKind: ratio(alarms),
  };
}
