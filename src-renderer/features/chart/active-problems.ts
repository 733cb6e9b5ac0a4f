// Active problems: Conditions whose clinical status is active, recurrence or relapse (or unstated),
// not refuted or entered in error; newest first by recorded date (onset when unrecorded).
import type { Condition } from '@medplum/fhirtypes';
import { diagnosisEntry, instantOf, type DiagnosisEntry } from './encounter-timeline';

export interface ProblemEntry extends DiagnosisEntry {
  /** recordedDate, else onsetDateTime, as stored. */
  readonly since?: string;
}

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);

export function isActiveCondition(condition: Condition): boolean {
  const verification = condition.verificationStatus?.coding?.[0]?.code;
  if (verification === 'refuted' || verification === 'entered-in-error') return false;
  const clinical = condition.clinicalStatus?.coding?.[0]?.code;
  return clinical === undefined || ACTIVE.has(clinical);
}

export function activeProblems(conditions: readonly Condition[]): ProblemEntry[] {
  return conditions
    .filter(isActiveCondition)
    .map((condition) => {
      const since = condition.recordedDate ?? condition.onsetDateTime;
      return { ...diagnosisEntry(condition), ...(since === undefined ? {} : { since }) };
    })
    .sort((a, b) => instantOf(b.since) - instantOf(a.since) || a.conditionId.localeCompare(b.conditionId));
}
