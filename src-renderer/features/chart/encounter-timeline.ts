// The timeline of consultations, newest first: when, why (the motivo-consulta reason or the
// reason's text) and the CIE-10 diagnoses recorded in that encounter (Conditions pointing at it,
// or named in Encounter.diagnosis). Cancelled and entered-in-error encounters are left out.
import type { Condition, Encounter } from '@medplum/fhirtypes';
import { consultationReasonByCode } from '../../../src-core/fhir/terminology/consultation-reasons';
import { codeSystemUrl, ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import { codingOf, conceptText, referencedId } from './fhir-codings';

export interface DiagnosisEntry {
  readonly conditionId: string;
  /** CIE-10 code, when coded. */
  readonly code?: string;
  readonly display: string;
}

export interface TimelineEntry {
  readonly encounterId: string;
  /** Encounter.period.start as stored. */
  readonly start?: string;
  readonly status: Encounter['status'];
  /** 'VR' for a teleconsultation, 'AMB' for a visit to the post. */
  readonly classCode?: string;
  readonly reasons: readonly string[];
  /** motivo-consulta codes of the reasons (for the prenatal summary). */
  readonly reasonCodes: readonly string[];
  readonly diagnoses: readonly DiagnosisEntry[];
}

const REASON_SYSTEM = codeSystemUrl('motivo-consulta');
const LEFT_OUT: ReadonlySet<Encounter['status']> = new Set(['cancelled', 'entered-in-error']);

/** Milliseconds for ordering; a missing or unreadable date sorts last. */
export function instantOf(dateTime: string | undefined): number {
  if (dateTime === undefined) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(dateTime.length === 10 ? `${dateTime}T00:00:00Z` : dateTime);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

export function diagnosisEntry(condition: Condition): DiagnosisEntry {
  const cie10 = codingOf(condition.code, ICD10_SYSTEM);
  return {
    conditionId: condition.id ?? '',
    ...(cie10?.code === undefined ? {} : { code: cie10.code }),
    display: cie10?.display ?? conceptText(condition.code) ?? '',
  };
}

function reasonsOf(encounter: Encounter): { texts: string[]; codes: string[] } {
  const texts: string[] = [];
  const codes: string[] = [];
  for (const reason of encounter.reasonCode ?? []) {
    const coded = codingOf(reason, REASON_SYSTEM);
    if (coded?.code !== undefined) codes.push(coded.code);
    const known = coded?.code === undefined ? undefined : consultationReasonByCode(coded.code)?.name;
    const text = known ?? conceptText(reason);
    if (text !== undefined) texts.push(text);
  }
  return { texts, codes };
}

export function encounterTimeline(encounters: readonly Encounter[], conditions: readonly Condition[]): TimelineEntry[] {
  const byEncounter = new Map<string, Condition[]>();
  const byId = new Map<string, Condition>();
  for (const condition of conditions) {
    if (condition.verificationStatus?.coding?.[0]?.code === 'entered-in-error') continue;
    if (condition.id !== undefined) byId.set(condition.id, condition);
    const encounterId = referencedId(condition.encounter, 'Encounter');
    if (encounterId === undefined) continue;
    byEncounter.set(encounterId, [...(byEncounter.get(encounterId) ?? []), condition]);
  }
  return encounters
    .filter((e) => !LEFT_OUT.has(e.status))
    .map((encounter) => {
      const id = encounter.id ?? '';
      const linked = new Map((byEncounter.get(id) ?? []).map((c) => [c.id ?? '', c]));
      for (const d of encounter.diagnosis ?? []) {
        const conditionId = referencedId(d.condition, 'Condition');
        const condition = conditionId === undefined ? undefined : byId.get(conditionId);
        if (condition !== undefined) linked.set(conditionId ?? '', condition);
      }
      const { texts, codes } = reasonsOf(encounter);
      return {
        encounterId: id,
        ...(encounter.period?.start === undefined ? {} : { start: encounter.period.start }),
        status: encounter.status,
        ...(encounter.class.code === undefined ? {} : { classCode: encounter.class.code }),
        reasons: texts,
        reasonCodes: codes,
        diagnoses: [...linked.values()].map(diagnosisEntry),
      };
    })
    .sort((a, b) => instantOf(b.start) - instantOf(a.start) || a.encounterId.localeCompare(b.encounterId));
}
