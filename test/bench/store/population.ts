// A scaled health-post population for the store benchmark: Synthea patients cloned and
// re-identified (new UUIDs everywhere, references rewritten, Guatemalan names, valid CUIs, shifted
// birth dates), each cut to about 30 resources so 10,000 patients make ~300,000 resources.
// Platform-free: it runs in the benchmark page.
import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { cuiCheckDigit } from '../../../src-core/clinical/cui';
import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';

export const RESOURCES_PER_PATIENT = 30;

// Surnames and given names common in Guatemala (Spanish and Mayan), two surnames per person.
const SURNAMES = [
  'López', 'García', 'Pérez', 'Hernández', 'González', 'Rodríguez', 'Martínez', 'Ramírez', 'Morales', 'Cruz',
  'Méndez', 'Gómez', 'Chávez', 'Castillo', 'Reyes', 'Ortiz', 'Ruiz', 'Díaz', 'Juárez', 'Vásquez',
  'Xiloj', 'Tzoc', 'Peñate', 'Ixcoy', 'Cux', 'Ajpop', 'Coc', 'Caal', 'Choc', 'Pop',
  'Tiul', 'Chub', 'Quej', 'Xol', 'Maquín', 'Bol', 'Cac', 'Tut', 'Sam', 'Yat',
  'Tzul', 'Ixchop', 'Batz', 'Chen', 'Sic', 'Tum', 'Yax', 'Cumes', 'Sacalxot', 'Tuyuc',
  'Xuc', 'Culajay', 'Poou', 'Ical', 'Saquic', 'Ixtabalán', 'Chiquín', 'Mucía', 'Sicán', 'Tzunún',
  'Aguilar', 'Barrios', 'Cabrera', 'Contreras', 'Escobar', 'Estrada', 'Figueroa', 'Fuentes', 'Guzmán', 'Herrera',
  'Jiménez', 'Lemus', 'Marroquín', 'Monterroso', 'Orellana', 'Paz', 'Recinos', 'Salazar', 'Solares', 'Velásquez',
  "K'iche'", "Q'eqchi'", "Ajq'ij", "B'atz'", 'Chumil', 'Ixquiactap', 'Mejía', 'Navas', 'Ochoa', 'Pineda',
  'Quiroa', 'Rosales', 'Samayoa', 'Toledo', 'Urízar', 'Villatoro', 'Xicará', 'Yoc', 'Zacarías', 'Zapeta',
];
const GIVEN = [
  'María', 'José', 'Juan', 'Ana', 'Rosa', 'Luis', 'Carlos', 'Marta', 'Lucía', 'Pedro',
  'Manuel', 'Francisco', 'Isabel', 'Elena', 'Jorge', 'Miguel', 'Sandra', 'Gloria', 'Tecún', 'Ixchel',
  'Santos', 'Domingo', 'Catarina', 'Juana', 'Magdalena', 'Sebastián', 'Tomás', 'Andrés', 'Mateo', 'Diego',
  'Josefa', 'Petrona', 'Candelaria', 'Floridalma', 'Wendy', 'Heidy', 'Mynor', 'Byron', 'Edgar', 'Otto',
];

/** A small deterministic PRNG (mulberry32), so a run is reproducible from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)] as T;

/**
 * Entries of a Synthea bundle, in order, keeping an entry only when every urn:uuid it references
 * is kept too, up to `max` entries: a self-contained transaction (Patient, organizations,
 * practitioners, encounters and what hangs off them).
 */
export function subsample(bundle: Bundle, max: number): BundleEntry[] {
  const kept: BundleEntry[] = [];
  const keptUrls = new Set<string>();
  for (const entry of bundle.entry ?? []) {
    if (kept.length >= max) break;
    const refs = JSON.stringify(entry.resource).match(/urn:uuid:[0-9a-f-]{36}/g) ?? [];
    if (!refs.every((r) => keptUrls.has(r))) continue;
    kept.push(entry);
    if (entry.fullUrl !== undefined) keptUrls.add(entry.fullUrl);
  }
  return kept;
}

export interface GeneratedPatient {
  readonly cui: string;
  readonly family: string;
  readonly given: string;
  readonly birthDate: string;
}

let serial = 10_000_000;

/** A valid CUI (check digit and INE municipality), unique within the run. */
function nextCui(): string {
  for (;;) {
    const digits = String(serial++);
    const check = cuiCheckDigit(digits);
    if (check !== null) return `${digits}${String(check)}0101`;
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A copy of `template` with new UUIDs everywhere and a new identity for its patient. */
export function reidentify(template: readonly BundleEntry[], random: () => number): { entries: BundleEntry[]; patient: GeneratedPatient } {
  const fresh = new Map<string, string>();
  const text = JSON.stringify(template).replace(UUID, (old) => {
    let next = fresh.get(old);
    if (next === undefined) {
      next = globalThis.crypto.randomUUID();
      fresh.set(old, next);
    }
    return next;
  });
  const entries = JSON.parse(text) as BundleEntry[];
  const patient: GeneratedPatient = {
    cui: nextCui(),
    family: `${pick(SURNAMES, random)} ${pick(SURNAMES, random)}`,
    given: pick(GIVEN, random),
    birthDate: `${String(1940 + Math.floor(random() * 84))}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
  };
  for (const entry of entries) {
    if (entry.resource?.resourceType !== 'Patient') continue;
    const resource: Patient = entry.resource;
    resource.name = [{ use: 'official', family: patient.family, given: [patient.given] }];
    resource.identifier = [{ system: CUI_SYSTEM, value: patient.cui }];
    resource.birthDate = patient.birthDate;
    delete resource.deceasedDateTime;
  }
  return { entries, patient };
}
