import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../src-core/fhir/validator/fhir-validator';

const FIXTURES = join(import.meta.dirname, '../fixtures/fhir');
const validator = createValidator();
const errors = (issues: readonly OperationOutcomeIssue[]): OperationOutcomeIssue[] =>
  issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
const show = (issues: readonly OperationOutcomeIssue[]): string =>
  issues.map((i) => `${i.expression?.join(',') ?? ''}: ${i.diagnostics ?? ''}`).join('\n');

describe('base FHIR R4: the official examples', () => {
  const files = readdirSync(join(FIXTURES, 'r4-examples')).filter((f) => f.endsWith('.json'));

  it('are all here', () => {
    expect(files).toHaveLength(60);
  });

  it.each(files)('%s validates with no errors', (file) => {
    const { issues } = validator.validateJson(readFileSync(join(FIXTURES, 'r4-examples', file), 'utf8'));
    expect(show(errors(issues))).toBe('');
  });
});

interface CaseVerdict {
  readonly case: string;
  readonly file: string;
  readonly expectedOutcome: string;
  readonly expected: 'valid' | 'invalid';
  readonly status: 'reproduced' | 'excluded';
  readonly expressionMap?: Record<string, string>;
}

interface Exclusion {
  readonly case: string;
  readonly category: 'needs-terminology-server' | 'needs-external-package' | 'validator-gap';
  readonly reason: string;
}

describe('HL7 validator test cases (R4)', () => {
  const dir = join(FIXTURES, 'validator-cases');
  const verdicts = JSON.parse(readFileSync(join(dir, 'ceiba-verdicts.json'), 'utf8')) as { cases: CaseVerdict[]; excluded: Exclusion[] };
  const manifest = readFileSync(join(dir, 'INDEX.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

  it('the verdict data covers every case of the manifest, with its expected verdict', () => {
    expect(verdicts.cases.map((c) => [c.case, c.file, c.expected])).toEqual(manifest.map((row) => [row[0], row[1], row[5]]));
    for (const x of verdicts.excluded) {
      expect(verdicts.cases.find((c) => c.case === x.case)?.status).toBe('excluded');
      expect(x.reason.length).toBeGreaterThan(10);
    }
    for (const c of verdicts.cases.filter((v) => v.status === 'excluded')) expect(verdicts.excluded.map((x) => x.case)).toContain(c.case);
  });

  it.each(verdicts.cases.filter((c) => c.status === 'reproduced').map((c) => [c.case, c] as const))('%s: same verdict and error locations as the HL7 validator', (_name, c) => {
    const { issues } = validator.validateJson(readFileSync(join(dir, c.file), 'utf8'));
    const found = errors(issues);
    expect(found.length > 0 ? 'invalid' : 'valid', show(found)).toBe(c.expected);
    const outcome = JSON.parse(readFileSync(join(dir, c.expectedOutcome), 'utf8')) as { issue?: OperationOutcomeIssue[] };
    for (const expected of errors(outcome.issue ?? [])) {
      // HL7 may annotate a path with a FHIRPath comment: Location.contained[0]/*Organization/org_1*/.id
      const raw = (expected.expression?.[0] ?? '').replace(/\/\*.*?\*\//g, '');
      if (raw === '') continue;
      const where = c.expressionMap?.[raw] ?? raw;
      expect(found.some((f) => f.expression?.[0] === where || f.expression?.[0]?.startsWith(`${where}.`)), `${where}\n${show(found)}`).toBe(true);
    }
  });
});
