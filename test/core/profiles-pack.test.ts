import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { CEIBA_CANONICAL_BASE, CEIBA_PACKAGE_ID } from '../../src-core/fhir/canonical';
import { createValidator } from '../../src-core/fhir/validator/fhir-validator';
import { repoVersion } from '../../scripts/profiles/build';
import { profileSpecs } from '../../scripts/profiles/definitions/index';
import { pack } from '../../scripts/profiles/pack';

/** Reads a ustar archive: path -> content. */
function untar(archive: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number): string => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12), 8);
    let sum = 0;
    header.forEach((b, i) => {
      sum += i >= 148 && i < 156 ? 32 : b;
    });
    expect(Number.parseInt(field(148, 8), 8)).toBe(sum);
    files.set(prefix ? `${prefix}/${name}` : name, archive.toString('utf8', offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('npm run profiles:pack', () => {
  const out = mkdtempSync(join(tmpdir(), 'ceiba-pack-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });
  const result = pack(out);
  const dir = join(result.directory, 'package');
  const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;

  it('writes a FHIR package manifest', () => {
    expect(read('package.json')).toMatchObject({
      name: CEIBA_PACKAGE_ID,
      version: repoVersion(),
      type: 'fhir.ig',
      canonical: CEIBA_CANONICAL_BASE,
      fhirVersions: ['4.0.1'],
      dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
    });
  });

  it('.index.json lists every resource file of its folder, with its identity', () => {
    for (const folder of ['', 'example']) {
      const index = read(join(folder, '.index.json')) as { 'index-version': number; files: { filename: string; resourceType: string; id?: string; url?: string }[] };
      expect(index['index-version']).toBe(1);
      const onDisk = readdirSync(join(dir, folder)).filter((f) => f.endsWith('.json') && f !== 'package.json' && f !== '.index.json');
      expect(index.files.map((f) => f.filename).sort()).toEqual(onDisk.sort());
      for (const entry of index.files) {
        const resource = read(join(folder, entry.filename));
        expect(resource).toMatchObject({ resourceType: entry.resourceType, id: entry.id, ...(entry.url === undefined ? {} : { url: entry.url }) });
      }
    }
  });

  it('contains every profile with a snapshot that is a valid StructureDefinition, plus terminology and examples', () => {
    const validator = createValidator();
    const sds = readdirSync(dir).filter((f) => f.startsWith('StructureDefinition-'));
    expect(sds).toHaveLength(profileSpecs.length);
    for (const f of sds) {
      const sd = read(f) as { snapshot?: { element?: unknown[] } };
      expect(sd.snapshot?.element?.length, f).toBeGreaterThanOrEqual(5);
      const errors = validator.validate(sd).filter((i: OperationOutcomeIssue) => i.severity === 'error');
      expect(errors.map((i) => `${f} ${i.expression?.join(',') ?? ''} ${i.diagnostics ?? ''}`)).toEqual([]);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('ValueSet-')).length).toBeGreaterThanOrEqual(10);
    expect(readdirSync(join(dir, 'example')).length).toBeGreaterThanOrEqual(profileSpecs.length);
  });

  it('writes the same files into the .tgz under package/', () => {
    const entries = untar(gunzipSync(readFileSync(result.tarball)));
    expect(result.tarball).toMatch(new RegExp(`${CEIBA_PACKAGE_ID}-${repoVersion().replace(/\./g, '\\.')}\\.tgz$`));
    expect([...entries.keys()].sort()).toEqual(result.files.map((f) => f.path).sort());
    for (const f of result.files) expect(entries.get(f.path)).toBe(f.content.toString('utf8'));
  });

  it('writes a human-readable index listing each profile and its key constraints', () => {
    const markdown = readFileSync(join(result.directory, 'index.md'), 'utf8');
    const html = readFileSync(join(result.directory, 'index.html'), 'utf8');
    for (const spec of profileSpecs) {
      expect(markdown).toContain(spec.url);
      for (const c of spec.keyConstraints) expect(markdown).toContain(c);
      expect(html).toContain(spec.url);
    }
  });
});
