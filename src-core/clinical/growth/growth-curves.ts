// Points of the z-score curves a growth chart draws as bands (by default −3, −2, 0, +2, +3 SD).
// Each curve is the measurement at a fixed z along the table's axis. Weight-based tables use the
// restricted scale beyond ±3 SD (identical to the LMS curve at exactly ±3), so a child's point and
// the bands agree with the z-scores of growth-zscore.ts.
import { lmsAt, type LmsTable, type Sex } from './growth-tables';
import { lmsValue, restrictedLmsValue } from './lms';

export const DEFAULT_CURVE_ZS = [-3, -2, 0, 2, 3] as const;

export interface CurvePoint {
  /** Age in days, or length/height in cm. */
  readonly x: number;
  /** Weight in kg, or length/height in cm. */
  readonly y: number;
}

export interface ZCurve {
  readonly z: number;
  readonly points: readonly CurvePoint[];
}

export interface CurveOptions {
  readonly zs?: readonly number[];
  /** Axis step in table units (days, or millimetres); default 7 days or 5 mm. */
  readonly step?: number;
  /** Axis range in table units; default the whole table. The last point is always included. */
  readonly from?: number;
  readonly to?: number;
}

/** The curves of `table` for one sex. Length/height-for-age uses the plain LMS curve. */
export function growthCurves(table: LmsTable, sex: Sex, options: CurveOptions = {}): ZCurve[] {
  const zs = options.zs ?? DEFAULT_CURVE_ZS;
  const step = options.step ?? (table.axisUnit === 'd' ? 7 : 5);
  if (!(step >= 1) || !Number.isInteger(step)) throw new RangeError('growthCurves: step must be a positive integer');
  const from = Math.max(table.first, options.from ?? table.first);
  const to = Math.min(table.last, options.to ?? table.last);
  const axis: number[] = [];
  for (let x = from; x <= to; x += step) axis.push(x);
  if (axis[axis.length - 1] !== to && to >= from) axis.push(to);
  const restricted = table.indicator !== 'length-height-for-age';
  const toX = (axisValue: number): number => (table.axisUnit === 'mm' ? axisValue / 10 : axisValue);
  return zs.map((z) => ({
    z,
    points: axis.flatMap((axisValue) => {
      const lms = lmsAt(table, sex, axisValue);
      if (lms === undefined) return [];
      return [{ x: toX(axisValue), y: restricted ? restrictedLmsValue(z, lms) : lmsValue(z, lms) }];
    }),
  }));
}
