// One child's measurement against the WHO standards: the three z-scores, WHO's nutritional
// classification, and OperationOutcome issues for everything that was not computed or looks wrong.
// Nothing is dropped silently: a value out of the standards' range, an implausible z-score, an
// ignored measuring position or oedema each produce an issue (Spanish `details.text` for the nurse,
// English `diagnostics`; `expression` names the GrowthInput field concerned).
//
// Classification (WHO, as in anthro's prevalence estimates), on the rounded z-scores:
//   underweight WAZ < −2 (severe < −3); stunting HAZ < −2 (severe < −3);
//   wasting WHZ < −2 (severe < −3); overweight WHZ > +2; obesity WHZ > +3.
// An implausible z-score (see IMPLAUSIBLE_Z) is reported but never classified. With bilateral
// pitting oedema the weight-based z-scores are not computed (weight is inflated by fluid) and the
// child is classified as severely wasted, as anthro's prevalence treats oedema.
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issue } from '../../fhir/outcome';
import type { Sex, WhoGrowthTables } from './growth-tables';
import {
  HEIGHT_TABLE_CM,
  LENGTH_TABLE_CM,
  IMPLAUSIBLE_Z,
  lengthHeightForAgeZ,
  weightForAgeZ,
  weightForLengthHeightZ,
  type GrowthIndicator,
  type ZScore,
} from './growth-zscore';
import { standardizeLengthHeight, type MeasurementPosition, type StandardizedLengthHeight } from './length-height';
import { isWithinStandardsAge } from './standards-age';

export interface GrowthInput {
  readonly sex: Sex;
  /** Whole days since birth (see ageInDays in age/age-of.ts). */
  readonly ageInDays?: number;
  readonly weightKg?: number;
  /** As measured; standardized here. */
  readonly lengthHeightCm?: number;
  readonly position?: MeasurementPosition;
  /** Bilateral pitting oedema. */
  readonly oedema?: boolean;
}

export type GrowthFindingCode =
  | 'underweight'
  | 'severe-underweight'
  | 'stunting'
  | 'severe-stunting'
  | 'wasting'
  | 'severe-wasting'
  | 'overweight'
  | 'obesity';

export interface GrowthFinding {
  readonly code: GrowthFindingCode;
  readonly indicator: GrowthIndicator;
  /** The rounded z-score, absent when the finding comes from oedema. */
  readonly z?: number;
  readonly basis: 'z-score' | 'oedema';
}

export interface GrowthAssessment {
  readonly lengthHeight?: StandardizedLengthHeight;
  readonly weightForAge?: ZScore;
  readonly lengthHeightForAge?: ZScore;
  readonly weightForLengthHeight?: ZScore;
  readonly findings: readonly GrowthFinding[];
  readonly issues: readonly OperationOutcomeIssue[];
}

const INDICATOR_ES: Record<GrowthIndicator, string> = {
  'weight-for-age': 'peso para la edad',
  'length-height-for-age': 'longitud/talla para la edad',
  'weight-for-length-height': 'peso para la longitud/talla',
};

const INDICATOR_FIELDS: Record<GrowthIndicator, string[]> = {
  'weight-for-age': ['weightKg', 'ageInDays'],
  'length-height-for-age': ['lengthHeightCm', 'ageInDays'],
  'weight-for-length-height': ['weightKg', 'lengthHeightCm'],
};

const formatZ = (z: number): string => (z > 0 ? `+${z.toFixed(2)}` : z.toFixed(2));

function implausibleIssue(score: ZScore): OperationOutcomeIssue {
  const { below, above } = IMPLAUSIBLE_Z[score.indicator];
  return issue('value', `${score.indicator} z-score outside the plausible range [${below}, +${above}]`, {
    severity: 'warning',
    expression: INDICATOR_FIELDS[score.indicator],
    details:
      `El puntaje z de ${INDICATOR_ES[score.indicator]} (${formatZ(score.z)}) está fuera del rango plausible ` +
      `(${below} a +${above}); revise la medición, la unidad y la fecha de nacimiento.`,
  });
}

/** The WHO finding for one z-score, if any. */
export function classifyZScore(score: ZScore): GrowthFinding | undefined {
  if (score.implausible) return undefined;
  const { z, indicator } = score;
  const finding = (code: GrowthFindingCode): GrowthFinding => ({ code, indicator, z, basis: 'z-score' });
  switch (indicator) {
    case 'weight-for-age':
      return z < -3 ? finding('severe-underweight') : z < -2 ? finding('underweight') : undefined;
    case 'length-height-for-age':
      return z < -3 ? finding('severe-stunting') : z < -2 ? finding('stunting') : undefined;
    case 'weight-for-length-height':
      if (z < -3) return finding('severe-wasting');
      if (z < -2) return finding('wasting');
      if (z > 3) return finding('obesity');
      if (z > 2) return finding('overweight');
      return undefined;
  }
}

export function assessGrowth(tables: WhoGrowthTables, input: GrowthInput): GrowthAssessment {
  const issues: OperationOutcomeIssue[] = [];
  const { sex, ageInDays, weightKg, lengthHeightCm, position, oedema = false } = input;

  const ageUsable = ageInDays !== undefined && Number.isInteger(ageInDays) && isWithinStandardsAge(ageInDays);
  if (ageInDays !== undefined && !ageUsable) {
    issues.push(
      issue('not-supported', 'age outside the WHO Child Growth Standards (whole days, 0 to under 60 months)', {
        severity: 'warning',
        expression: ['ageInDays'],
        details: 'Las curvas de crecimiento de la OMS solo cubren de 0 a 5 años; no se calcularon los indicadores por edad.',
      }),
    );
  }
  if (weightKg !== undefined && !(weightKg > 0)) {
    issues.push(issue('value', 'weight must be positive', { expression: ['weightKg'], details: 'El peso debe ser mayor que cero.' }));
  }
  if (lengthHeightCm !== undefined && !(lengthHeightCm > 0)) {
    issues.push(
      issue('value', 'length/height must be positive', { expression: ['lengthHeightCm'], details: 'La longitud o talla debe ser mayor que cero.' }),
    );
  }
  const weight = weightKg !== undefined && weightKg > 0 ? weightKg : undefined;
  const measured = lengthHeightCm !== undefined && lengthHeightCm > 0 ? lengthHeightCm : undefined;
  const age = ageUsable ? ageInDays : undefined;

  const lengthHeight = measured === undefined ? undefined : standardizeLengthHeight(measured, position, age);
  if (lengthHeight?.positionIgnored === true) {
    issues.push(
      issue('business-rule', 'standing height recorded under 9 months; position ignored (anthro)', {
        severity: 'warning',
        expression: ['position'],
        details: 'A un niño menor de 9 meses se le mide la longitud acostado; se usó el valor sin el ajuste de 0,7 cm por posición.',
      }),
    );
  }
  if (oedema) {
    issues.push(
      issue('informational', 'oedema: weight-based z-scores not computed; classified as severe wasting', {
        severity: 'information',
        expression: ['oedema'],
        details: 'Con edema bilateral no se calculan los indicadores basados en el peso; se clasifica como desnutrición aguda severa.',
      }),
    );
  }

  const weightForAge = !oedema && weight !== undefined && age !== undefined ? weightForAgeZ(tables.weightForAge, sex, age, weight) : undefined;
  const lengthHeightForAge =
    lengthHeight !== undefined && age !== undefined ? lengthHeightForAgeZ(tables.lengthHeightForAge, sex, age, lengthHeight.cm) : undefined;
  let weightForLengthHeight: ZScore | undefined;
  if (!oedema && weight !== undefined && lengthHeight !== undefined && (ageInDays === undefined || ageUsable)) {
    weightForLengthHeight = weightForLengthHeightZ(tables, sex, weight, lengthHeight.cm, lengthHeight.basis, age);
    if (weightForLengthHeight === undefined) {
      const range = lengthHeight.basis === 'length' ? LENGTH_TABLE_CM : HEIGHT_TABLE_CM;
      const what = lengthHeight.basis === 'length' ? 'longitud' : 'talla';
      issues.push(
        issue('not-supported', `standardized ${lengthHeight.basis} outside the table range ${range.from}-${range.to} cm`, {
          severity: 'warning',
          expression: ['lengthHeightCm'],
          details: `La ${what} (${lengthHeight.cm.toFixed(1)} cm) está fuera de la tabla de peso para la ${what} de la OMS (${range.from} a ${range.to} cm).`,
        }),
      );
    }
  }

  const scores = [weightForAge, lengthHeightForAge, weightForLengthHeight].filter((s): s is ZScore => s !== undefined);
  for (const score of scores) if (score.implausible) issues.push(implausibleIssue(score));
  const findings = scores.map(classifyZScore).filter((f): f is GrowthFinding => f !== undefined);
  if (oedema) findings.push({ code: 'severe-wasting', indicator: 'weight-for-length-height', basis: 'oedema' });

  return {
    ...(lengthHeight === undefined ? {} : { lengthHeight }),
    ...(weightForAge === undefined ? {} : { weightForAge }),
    ...(lengthHeightForAge === undefined ? {} : { lengthHeightForAge }),
    ...(weightForLengthHeight === undefined ? {} : { weightForLengthHeight }),
    findings,
    issues,
  };
}
