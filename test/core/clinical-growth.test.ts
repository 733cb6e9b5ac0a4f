// WHO growth z-scores against published reference results, plus the rules around them.
//
// Expected values, and where each was taken from (public code corpus):
// - IGROWUP: the WHO igrowup R macro's output for WHO's example survey (survey_z_rc.csv), as
//   vendored in ewheeler/pygrowup at pygrowup/survey_z_rc.csv, commit
//   d6697264b32d6bf81357a9ed0aaa3d40c84ddf37. Columns used: id, GENDER, _agedays, WEIGHT, HEIGHT,
//   measure, oedema, _CLENHEI, _ZWEI, _ZLEN, _ZWFL. Weights and heights are the file's float32
//   values, kept as written. Rows chosen to cover both sexes, length and height, the ±0.7 cm
//   conversion both ways, the restricted tails (WAZ −3.08, +3.68, +3.77; WHZ −3.26, +3.97, +4.05,
//   +3.06) and oedema. Row 4 and others at or beyond 60 months are left out: igrowup scores them,
//   the current anthro package (which this code follows) does not.
// - ANTHRO tests: WorldHealthOrganization/anthro tests/testthat/test-zscore-weight-for-age.R,
//   test-zscore-length-for-age.R and test-zscores.R, commit 02aa59cdc41449c0bf101f893215552fe167bda2.
// - ANTHRO docs: WorldHealthOrganization/anthro docs/reference/anthro_zscores.html (the rendered
//   examples of anthro_zscores), commit 0a7aab8d7ba3f944d01804131841b31f2819af10.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assessGrowth,
  classifyZScore,
  growthCurves,
  lmsAt,
  lmsAtLength,
  lmsValue,
  loadWhoGrowthTables,
  restrictedLmsZ,
  standardizeLengthHeight,
  weightForAgeZ,
  zToCentile,
  type GrowthInput,
  type WhoGrowthTables,
  type ZScore,
} from '../../src-core/clinical';

let tables: WhoGrowthTables;
beforeAll(async () => {
  tables = await loadWhoGrowthTables();
});

type Row = readonly [id: number, sex: 1 | 2, ageDays: number, weight: number, height: number, measure: 'l' | 'h', oedema: 'y' | 'n', clenhei: number, zwei: number | null, zlen: number, zwfl: number | null];

// id, GENDER, _agedays, WEIGHT, HEIGHT, measure, oedema, _CLENHEI, _ZWEI, _ZLEN, _ZWFL
const IGROWUP: readonly Row[] = [
  [1, 2, 683, 10.399999619, 84.800003052, 'l', 'n', 84.800003052, -0.57, -0.07, -0.81],
  [3, 2, 234, 7.1999998093, 67, 'l', 'n', 67, -0.72, -0.55, -0.49],
  [7, 1, 868, 12.899999619, 85.900001526, 'l', 'n', 85.200001526, -0.08, -1.69, 1.16],
  [10, 1, 566, 8.8000001907, 75.900001526, 'l', 'n', 75.900001526, -2.05, -2.54, -1.17],
  [12, 2, 96, 6.5, 59.299999237, 'l', 'n', 59.299999237, 0.71, -0.42, 1.41],
  [13, 1, 294, 10.199999809, 70.300003052, 'l', 'n', 70.300003052, 1.08, -1.12, 2.16],
  [46, 2, 1302, 14.399999619, 99.5, 'l', 'n', 98.8, -0.36, -0.18, -0.37],
  [53, 2, 1304, 11.100000381, 90.400001526, 'h', 'n', 90.400001526, -2.42, -2.24, -1.59],
  [54, 2, 0, 4.1999998093, 51.900001526, 'l', 'n', 51.900001526, 1.94, 1.48, 1.17],
  [60, 1, 269, 6.3000001907, 64.800003052, 'l', 'n', 64.800003052, -3.08, -3.11, -1.7],
  [73, 2, 1716, 27.5, 110.40000153, 'l', 'n', 109.70000153, 2.85, 0.48, 4.05],
  [86, 1, 64, 4.0999999046, 56, 'l', 'n', 56, -2.54, -1.38, -1.99],
  [90, 2, 449, 9.3999996185, 70.599998474, 'l', 'n', 70.599998474, -0.13, -2.43, 1.36],
  [101, 1, 870, 14, 88.5, 'l', 'n', 87.8, 0.61, -0.92, 1.51],
  [104, 1, 38, 5.8000001907, 60.5, 'l', 'n', 60.5, 1.51, 2.43, -0.67],
  [109, 2, 719, 15.100000381, 97.800003052, 'h', 'n', 98.500003052, 2.18, 3.87, 0.36],
  [112, 2, 90, 4.5, 60.400001526, 'l', 'n', 60.400001526, -2.02, 0.34, -3.26],
  [132, 2, 1359, 12.899999619, 88.199996948, 'l', 'n', 87.499996948, -1.37, -3.16, 0.78],
  [140, 1, 227, 7.5999999046, 63.299999237, 'l', 'n', 63.299999237, -0.97, -2.99, 1.23],
  [145, 1, 0, 4.5, 52.400001526, 'l', 'y', 52.400001526, null, 1.33, null],
  [181, 2, 935, 17.399999619, 87.599998474, 'h', 'n', 87.599998474, 2.29, -1.02, 3.97],
  [188, 1, 0, 4.6999998093, 57.200000763, 'l', 'n', 57.200000763, 2.47, 3.86, -1.18],
  [200, 2, 520, 8.6000003815, 72.599998474, 'l', 'n', 72.599998474, -1.28, -2.51, -0.11],
  [214, 1, 194, 11.899999619, 73.199996948, 'l', 'n', 73.199996948, 3.68, 2.32, 3.06],
  [219, 1, 0, 5.5, 55.900001526, 'l', 'n', 55.900001526, 3.77, 3.18, 1.55],
];

const sexOf = (code: 1 | 2): 'male' | 'female' => (code === 1 ? 'male' : 'female');

describe('z-scores against WHO igrowup output (survey_z_rc.csv)', () => {
  for (const [id, sex, age, weight, height, measure, oedema, clenhei, zwei, zlen, zwfl] of IGROWUP) {
    it(`child ${id}`, () => {
      const result = assessGrowth(tables, {
        sex: sexOf(sex),
        ageInDays: age,
        weightKg: weight,
        lengthHeightCm: height,
        position: measure === 'l' ? 'recumbent' : 'standing',
        oedema: oedema === 'y',
      });
      expect(result.lengthHeight?.cm).toBeCloseTo(clenhei, 6);
      // Within 0.01 on the unrounded score, and the reported (2-decimal) score equals igrowup's.
      const check = (score: ZScore | undefined, expected: number | null): void => {
        if (expected === null) {
          expect(score).toBeUndefined();
          return;
        }
        expect(score).toBeDefined();
        expect(Math.abs((score?.exact ?? Number.NaN) - expected)).toBeLessThanOrEqual(0.01);
        expect(score?.z).toBe(expected);
        expect(score?.implausible).toBe(false);
      };
      check(result.weightForAge, zwei);
      check(result.lengthHeightForAge, zlen);
      check(result.weightForLengthHeight, zwfl);
    });
  }
});

describe('z-scores against the anthro package tests and examples', () => {
  const z = (input: GrowthInput) => assessGrowth(tables, input);

  it('girl, 1522 days, 17 kg: WAZ 0.24 (test-zscore-weight-for-age.R)', () => {
    expect(z({ sex: 'female', ageInDays: 1522, weightKg: 17 }).weightForAge?.z).toBe(0.24);
  });

  it('girl, 1 day, 10.37 kg: WAZ flagged above +5 (test-zscore-weight-for-age.R)', () => {
    const result = z({ sex: 'female', ageInDays: 1, weightKg: 10.37 });
    expect(result.weightForAge?.implausible).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.issues.map((i) => i.expression)).toContainEqual(['weightKg', 'ageInDays']);
  });

  it('boy, 44 days, 50 cm: LAZ = ((50 / 56.4833) − 1) / 0.03492 (test-zscore-length-for-age.R)', () => {
    const expected = Math.round(((50 / 56.4833 - 1) / 0.03492) * 100) / 100;
    expect(z({ sex: 'male', ageInDays: 44, lengthHeightCm: 50 }).lengthHeightForAge?.z).toBe(expected);
    expect(lmsAt(tables.lengthHeightForAge, 'male', 44)).toEqual({ l: 1, m: 56.4833, s: 0.03492 });
  });

  it('boy, 987 days, 72.86 cm lying: length − 0.7, LAZ −6.09 flagged (test-zscores.R)', () => {
    const result = z({ sex: 'male', ageInDays: 987, lengthHeightCm: 72.86, position: 'recumbent' });
    expect(result.lengthHeight?.cm).toBeCloseTo(72.16, 10);
    expect(result.lengthHeightForAge).toMatchObject({ z: -6.09, implausible: true });
  });

  it('boy measured standing at 8 and 9 months, 60 cm: LAZ −4.81 (position ignored) and −5.02 (+0.7) (test-zscores.R)', () => {
    // anthro converts months to days as months × 30.4375 rounded half up: 243.5 → 244, 273.9 → 274.
    const eight = z({ sex: 'male', ageInDays: 244, lengthHeightCm: 60, position: 'standing' });
    expect(eight.lengthHeight).toEqual({ cm: 60, basis: 'length', adjustmentCm: 0, positionIgnored: true });
    expect(eight.lengthHeightForAge?.z).toBe(-4.81);
    expect(eight.issues.map((i) => i.expression)).toContainEqual(['position']);
    const nine = z({ sex: 'male', ageInDays: 274, lengthHeightCm: 60, position: 'standing' });
    expect(nine.lengthHeight?.cm).toBeCloseTo(60.7, 10);
    expect(nine.lengthHeightForAge?.z).toBe(-5.02);
  });

  it('girl, 24 months (731 days), 77.5 cm, position unknown: height basis, LAZ −2.55 (test-zscores.R)', () => {
    const result = z({ sex: 'female', ageInDays: 731, lengthHeightCm: 77.5 });
    expect(result.lengthHeight).toMatchObject({ basis: 'height', adjustmentCm: 0 });
    expect(result.lengthHeightForAge?.z).toBe(-2.55);
  });

  it('girl, 10 kg at 10 months and at 10, 20, 30 days: WAZ 1.33, 10.46, 9.14, 8.01 (anthro_zscores examples)', () => {
    expect(z({ sex: 'female', ageInDays: 304, weightKg: 10 }).weightForAge?.z).toBe(1.33);
    const tail = [10, 20, 30].map((age) => z({ sex: 'female', ageInDays: age, weightKg: 10 }).weightForAge);
    expect(tail.map((s) => s?.z)).toEqual([10.46, 9.14, 8.01]);
    expect(tail.every((s) => s?.implausible === true)).toBe(true);
  });
});

describe('LMS details, checked by hand from the table rows', () => {
  it('interpolates L, M and S between the 0.1 cm rows of weight-for-length (72.86 cm)', () => {
    const low = lmsAt(tables.weightForLength, 'female', 728);
    const high = lmsAt(tables.weightForLength, 'female', 729);
    const mid = lmsAtLength(tables.weightForLength, 'female', 72.86);
    if (low === undefined || high === undefined || mid === undefined) throw new Error('rows missing');
    expect(mid.m).toBeCloseTo(low.m + 0.6 * (high.m - low.m), 10);
    expect(mid.s).toBeCloseTo(low.s + 0.6 * (high.s - low.s), 10);
    // On a row (binary 64.8 × 10 is not exactly 648) the row itself is used.
    expect(lmsAtLength(tables.weightForLength, 'male', 64.8)).toEqual(lmsAt(tables.weightForLength, 'male', 648));
  });

  it('places weights beyond ±3 SD with the SD2–SD3 distance (restricted tails)', () => {
    const lms = lmsAt(tables.weightForAge, 'male', 365);
    if (lms === undefined) throw new Error('row missing');
    const sd3 = lmsValue(3, lms);
    const sd23 = sd3 - lmsValue(2, lms);
    expect(restrictedLmsZ(sd3 + 1.5 * sd23, lms)).toBeCloseTo(4.5, 10);
    const sd3neg = lmsValue(-3, lms);
    const sd23neg = lmsValue(-2, lms) - sd3neg;
    expect(restrictedLmsZ(sd3neg - 0.5 * sd23neg, lms)).toBeCloseTo(-3.5, 10);
    // Inside ±3 it is the plain LMS z-score.
    expect(restrictedLmsZ(lms.m, lms)).toBe(0);
  });

  it('converts length and height at 730/731 days exactly as anthro', () => {
    expect(standardizeLengthHeight(100, 'standing', 730)).toMatchObject({ basis: 'length', adjustmentCm: 0.7 });
    expect(standardizeLengthHeight(100, 'standing', 731)).toMatchObject({ basis: 'height', adjustmentCm: 0 });
    expect(standardizeLengthHeight(100, 'recumbent', 730)).toMatchObject({ basis: 'length', adjustmentCm: 0 });
    expect(standardizeLengthHeight(100, 'recumbent', 731)).toMatchObject({ basis: 'height', adjustmentCm: -0.7 });
    // Without an age: the position, else the 87 cm rule.
    expect(standardizeLengthHeight(86.9, undefined, undefined).basis).toBe('length');
    expect(standardizeLengthHeight(87, undefined, undefined).basis).toBe('height');
    expect(standardizeLengthHeight(80, 'standing', undefined).basis).toBe('height');
  });
});

describe('range limits and issues', () => {
  it('computes nothing by age from 60 months on (day 1827) and says so', () => {
    const last = assessGrowth(tables, { sex: 'male', ageInDays: 1826, weightKg: 18 });
    expect(last.weightForAge).toBeDefined();
    const over = assessGrowth(tables, { sex: 'male', ageInDays: 1827, weightKg: 18, lengthHeightCm: 110 });
    expect(over.weightForAge).toBeUndefined();
    expect(over.lengthHeightForAge).toBeUndefined();
    expect(over.weightForLengthHeight).toBeUndefined();
    expect(over.issues[0]).toMatchObject({ code: 'not-supported', expression: ['ageInDays'] });
    expect(over.issues[0]?.details?.text).toMatch(/0 a 5 años/);
  });

  it('reports a length outside the weight-for-length table instead of dropping it', () => {
    const result = assessGrowth(tables, { sex: 'female', ageInDays: 3, weightKg: 2, lengthHeightCm: 44.9, position: 'recumbent' });
    expect(result.weightForLengthHeight).toBeUndefined();
    expect(result.lengthHeightForAge).toBeDefined();
    expect(result.issues).toEqual([expect.objectContaining({ code: 'not-supported', expression: ['lengthHeightCm'] })]);
  });

  it('rejects a weight or length of zero', () => {
    const result = assessGrowth(tables, { sex: 'female', ageInDays: 100, weightKg: 0, lengthHeightCm: -1 });
    expect(result.weightForAge).toBeUndefined();
    expect(result.issues.map((i) => [i.severity, i.expression])).toEqual([
      ['error', ['weightKg']],
      ['error', ['lengthHeightCm']],
    ]);
  });

  it('with oedema: no weight-based scores, severe wasting, and an information issue', () => {
    const result = assessGrowth(tables, { sex: 'male', ageInDays: 400, weightKg: 9, lengthHeightCm: 75, oedema: true });
    expect(result.weightForAge).toBeUndefined();
    expect(result.weightForLengthHeight).toBeUndefined();
    expect(result.lengthHeightForAge).toBeDefined();
    expect(result.findings).toContainEqual({ code: 'severe-wasting', indicator: 'weight-for-length-height', basis: 'oedema' });
  });

  it('weight-for-length/height does not need the age', () => {
    const result = assessGrowth(tables, { sex: 'female', weightKg: 9, lengthHeightCm: 75, position: 'recumbent' });
    expect(result.weightForLengthHeight?.z).toBeTypeOf('number');
    expect(result.weightForAge).toBeUndefined();
  });
});

describe('WHO classification', () => {
  const score = (indicator: ZScore['indicator'], z: number): ZScore => ({ indicator, z, exact: z, implausible: false });

  it('uses strict cut-offs on the rounded score: −2.00 is not underweight, −2.01 is', () => {
    expect(classifyZScore(score('weight-for-age', -2))).toBeUndefined();
    expect(classifyZScore(score('weight-for-age', -2.01))?.code).toBe('underweight');
    expect(classifyZScore(score('weight-for-age', -3))?.code).toBe('underweight');
    expect(classifyZScore(score('weight-for-age', -3.01))?.code).toBe('severe-underweight');
  });

  it('names stunting, wasting, overweight and obesity', () => {
    expect(classifyZScore(score('length-height-for-age', -2.5))?.code).toBe('stunting');
    expect(classifyZScore(score('length-height-for-age', -3.2))?.code).toBe('severe-stunting');
    expect(classifyZScore(score('weight-for-length-height', -2.5))?.code).toBe('wasting');
    expect(classifyZScore(score('weight-for-length-height', -3.5))?.code).toBe('severe-wasting');
    expect(classifyZScore(score('weight-for-length-height', 2))).toBeUndefined();
    expect(classifyZScore(score('weight-for-length-height', 2.01))?.code).toBe('overweight');
    expect(classifyZScore(score('weight-for-length-height', 3.01))?.code).toBe('obesity');
    expect(classifyZScore(score('weight-for-age', 2.5))).toBeUndefined();
  });

  it('classifies a stunted, underweight child from real table values (igrowup child 60)', () => {
    const result = assessGrowth(tables, { sex: 'male', ageInDays: 269, weightKg: 6.3000001907, lengthHeightCm: 64.800003052, position: 'recumbent' });
    expect(result.findings.map((f) => f.code)).toEqual(['severe-underweight', 'severe-stunting']);
  });
});

describe('chart curves and centiles', () => {
  it('draws −3, −2, 0, +2, +3 curves, ordered, with the median on M', () => {
    const curves = growthCurves(tables.weightForAge, 'female', { step: 30 });
    expect(curves.map((c) => c.z)).toEqual([-3, -2, 0, 2, 3]);
    const median = curves[2]?.points ?? [];
    expect(median[0]).toEqual({ x: 0, y: lmsAt(tables.weightForAge, 'female', 0)?.m });
    expect(median[median.length - 1]?.x).toBe(tables.weightForAge.last);
    expect(tables.weightForAge.last).toBe(1826);
    for (let i = 0; i < median.length; i++) {
      const ys = curves.map((c) => c.points[i]?.y ?? Number.NaN);
      expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    }
  });

  it('puts a child on the +3 curve at z = +3 (curves and scores agree)', () => {
    const [plus3] = growthCurves(tables.weightForAge, 'male', { zs: [3], from: 365, to: 365 });
    const y = plus3?.points[0]?.y ?? Number.NaN;
    expect(weightForAgeZ(tables.weightForAge, 'male', 365, y)?.exact).toBeCloseTo(3, 10);
  });

  it('gives weight-for-length curves in cm', () => {
    const [median] = growthCurves(tables.weightForLength, 'male', { zs: [0], step: 100 });
    expect(median?.points.map((p) => p.x)).toEqual([45, 55, 65, 75, 85, 95, 105, 110]);
  });

  it('converts z to centile', () => {
    expect(zToCentile(0)).toBeCloseTo(50, 6);
    expect(zToCentile(-2)).toBeCloseTo(2.275, 3);
    expect(zToCentile(1.88)).toBeCloseTo(97, 1);
  });
});
