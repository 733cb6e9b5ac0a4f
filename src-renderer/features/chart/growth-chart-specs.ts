// What each growth chart draws, as data: the WHO z-score curves over the chart's range and the
// child's points on it. Which charts: weight-for-age and length/height-for-age always;
// weight-for-length (the WHO 0–2 years chart) while the child is under 731 days or has points
// measured then; weight-for-height (2–5 years) from 731 days or when it has points. The age charts
// span 0–24 months for a child under two and 0–60 months after, as the WHO charts do.
import type { LmsTable, Sex, WhoGrowthTables } from '../../../src-core/clinical/growth/growth-tables';
import { growthCurves, type ZCurve } from '../../../src-core/clinical/growth/growth-curves';
import { HEIGHT_FROM_DAYS } from '../../../src-core/clinical/growth/length-height';

export type GrowthChartKind = 'weight-for-age' | 'length-height-for-age' | 'weight-for-length' | 'weight-for-height';

export interface ChartPoint {
  readonly date: string;
  readonly ageInDays: number;
  /** Completed calendar months at the measurement. */
  readonly ageMonths: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly implausible: boolean;
}

export interface GrowthChartSpec {
  readonly kind: GrowthChartKind;
  /** x: days for the age charts, cm for the others. */
  readonly xUnit: 'd' | 'cm';
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly curves: readonly ZCurve[];
  readonly points: readonly ChartPoint[];
}

export interface GrowthChartInput {
  readonly sex: Sex;
  readonly ageInDays: number;
  readonly points: Readonly<Record<GrowthChartKind, readonly ChartPoint[]>>;
}

const AGE_CHART_DAYS = { young: 731, all: 1826 } as const;

function yRangeOf(curves: readonly ZCurve[], points: readonly ChartPoint[]): [number, number] {
  const ys = [...curves.flatMap((c) => c.points.map((p) => p.y)), ...points.map((p) => p.y)];
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const pad = (max - min) * 0.04;
  return [Math.max(0, min - pad), max + pad];
}

function spec(kind: GrowthChartKind, table: LmsTable, sex: Sex, points: readonly ChartPoint[], axis: { from: number; to: number; step: number }): GrowthChartSpec {
  const curves = growthCurves(table, sex, axis);
  const toX = (v: number): number => (table.axisUnit === 'mm' ? v / 10 : v);
  return {
    kind,
    xUnit: table.axisUnit === 'mm' ? 'cm' : 'd',
    xRange: [toX(axis.from), toX(axis.to)],
    yRange: yRangeOf(curves, points),
    curves,
    points,
  };
}

export function growthChartSpecs(tables: WhoGrowthTables, input: GrowthChartInput): GrowthChartSpec[] {
  const { sex, ageInDays, points } = input;
  const young = ageInDays < HEIGHT_FROM_DAYS && points['weight-for-age'].every((p) => p.ageInDays < HEIGHT_FROM_DAYS);
  const ageAxis = young ? { from: 0, to: AGE_CHART_DAYS.young, step: 7 } : { from: 0, to: AGE_CHART_DAYS.all, step: 14 };
  const specs = [
    spec('weight-for-age', tables.weightForAge, sex, points['weight-for-age'], ageAxis),
    spec('length-height-for-age', tables.lengthHeightForAge, sex, points['length-height-for-age'], ageAxis),
  ];
  if (ageInDays < HEIGHT_FROM_DAYS || points['weight-for-length'].length > 0) {
    specs.push(spec('weight-for-length', tables.weightForLength, sex, points['weight-for-length'], { from: tables.weightForLength.first, to: tables.weightForLength.last, step: 5 }));
  }
  if (ageInDays >= HEIGHT_FROM_DAYS || points['weight-for-height'].length > 0) {
    specs.push(spec('weight-for-height', tables.weightForHeight, sex, points['weight-for-height'], { from: tables.weightForHeight.first, to: tables.weightForHeight.last, step: 5 }));
  }
  return specs;
}
