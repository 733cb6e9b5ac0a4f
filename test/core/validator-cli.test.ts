import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function validate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, ['scripts/validate.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run validate', () => {
  it('exits 0 on the valid examples and prints a summary', () => {
    const run = validate('fhir-profiles/examples/valid');
    expect(run.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^29 file\(s\) validated: 29 valid, 0 with errors; 0 error\(s\), 0 warning\(s\)$/)]);
    expect(run.status).toBe(0);
  });

  it('exits 1 on the invalid examples, every one of them with errors', () => {
    const run = validate('fhir-profiles/examples/invalid');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^68 file\(s\) validated: 0 valid, 68 with errors; \d+ error\(s\), \d+ warning\(s\)$/);
    expect(run.status).toBe(1);
  });

  it('exits 1 on invalid files and prints each issue as <file> <severity> <expression>: <message>', () => {
    const run = validate('fhir-profiles/examples/invalid/Patient-no-birthdate.json', 'fhir-profiles/examples/valid/Encounter-ceiba-encounter.json');
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain('fhir-profiles/examples/invalid/Patient-no-birthdate.json error Patient.birthDate: Falta un dato obligatorio. — Missing required property: Patient.birthDate requires 1..1 values, found 0');
    expect(lines.at(-1)).toBe('2 file(s) validated: 1 valid, 1 with errors; 1 error(s), 0 warning(s)');
    expect(run.status).toBe(1);
  });

  it('validates each Bundle entry against its declared profiles and names the entry', () => {
    const run = validate('test/fixtures/fhir/bundle-with-invalid-entry.json');
    expect(run.stdout).toContain('test/fixtures/fhir/bundle-with-invalid-entry.json#entry 1 error Patient.birthDate: Falta un dato obligatorio.');
    expect(run.stdout).not.toContain('#entry 0');
    expect(run.status).toBe(1);
  });

  it('exits 2 on a usage error', () => {
    expect(validate().status).toBe(2);
    const missing = validate('no/such/file.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('not found: no/such/file.json');
  });
});
