import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { hasErrors } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator/ceiba-validator';

const EXAMPLES = join(import.meta.dirname, '../../fhir-profiles/examples');
const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const list = (dir: string): string[] => readdirSync(join(EXAMPLES, dir)).filter((f) => f.endsWith('.json')).sort();

interface Expectation {
  readonly expression: string;
  readonly message: string;
  readonly code?: string;
}

const expectations = read(join(EXAMPLES, 'invalid-expectations.json')) as unknown as Record<string, Expectation>;
const validator = ceibaValidator();
const describeIssues = (issues: readonly OperationOutcomeIssue[]): string =>
  issues.map((i) => `${i.severity} ${i.code} ${i.expression?.join(',') ?? ''}: ${i.diagnostics ?? ''}`).join('\n');
const declared = (r: Record<string, unknown>): string[] => ((r.meta as { profile?: string[] } | undefined)?.profile ?? []);

describe('valid Ceiba examples', () => {
  it.each(list('valid'))('%s has no errors or warnings', (file) => {
    const issues = validator.validate(read(join(EXAMPLES, 'valid', file)));
    expect(describeIssues(issues)).toBe('');
  });

  it('cover every Ceiba profile', () => {
    const covered = new Set(list('valid').flatMap((f) => declared(read(join(EXAMPLES, 'valid', f)))));
    expect([...covered].sort()).toEqual(Object.values(CEIBA_PROFILE).sort());
  });
});

describe('invalid Ceiba examples', () => {
  it('each has an expectation, and each expectation a file', () => {
    expect(Object.keys(expectations).sort()).toEqual(list('invalid'));
  });

  it.each(list('invalid'))('%s fails with the expected issue', (file) => {
    const expectation = expectations[file];
    if (!expectation) throw new Error(`no expectation for ${file}`);
    const issues = validator.validate(read(join(EXAMPLES, 'invalid', file)));
    expect(hasErrors(issues)).toBe(true);
    const pattern = new RegExp(expectation.message);
    const match = issues.find(
      (i) =>
        i.severity === 'error' &&
        i.expression?.[0] === expectation.expression &&
        pattern.test(i.diagnostics ?? '') &&
        (expectation.code === undefined || i.code === expectation.code),
    );
    expect(match, describeIssues(issues)).toBeDefined();
    // every issue speaks Spanish to the user and English to the log
    for (const i of issues) {
      expect(i.details?.text).toMatch(/[a-záéíóúñ]/i);
      expect(i.diagnostics).toBeTruthy();
    }
  });

  it('several per profile', () => {
    const perProfile = new Map<string, number>();
    for (const f of list('invalid')) for (const p of declared(read(join(EXAMPLES, 'invalid', f)))) perProfile.set(p, (perProfile.get(p) ?? 0) + 1);
    for (const url of Object.values(CEIBA_PROFILE)) expect(perProfile.get(url) ?? 0, url).toBeGreaterThanOrEqual(2);
  });
});
