// `npm run profiles:pack`: the Ceiba conformance resources as a FHIR NPM package (FHIR package
// specification: a `package/` folder with package.json, the resources, `.index.json`, and
// examples under `package/example/` with their own `.index.json`), gzipped as
// dist/gt.mspas.ceiba-<version>.tgz, plus a human-readable index (dist/fhir-package/index.md and
// index.html). A production HAPI FHIR server loads the .tgz as an implementation guide package.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CEIBA_CANONICAL_BASE, CEIBA_PACKAGE_ID } from '../../src-core/fhir/canonical';
import { profileSpecs } from './definitions/index';
import { REPO_ROOT, repoVersion } from './build';

interface Resource {
  readonly resourceType: string;
  readonly id?: string;
  readonly url?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly type?: string;
  readonly title?: string;
  readonly name?: string;
  readonly baseDefinition?: string;
  readonly description?: string;
  readonly content?: string;
}

export interface PackageFile {
  readonly path: string;
  readonly content: Buffer;
}

const CONFORMANCE_DIRS = ['fhir-profiles/StructureDefinition', 'fhir-profiles/vocabulary', 'fhir-profiles/terminology'];
const EXAMPLES_DIR = 'fhir-profiles/examples/valid';
/** `StructureDefinition-ceiba-patient.json`, as FHIR packages name their files. */
const FILE_NAME = (r: Resource): string => `${r.resourceType}-${r.id ?? 'unknown'}.json`;

function readResources(dir: string): Resource[] {
  const full = join(REPO_ROOT, dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(full, f), 'utf8')) as Resource);
}

function indexEntry(filename: string, r: Resource): Record<string, string> {
  const entry: Record<string, string> = { filename, resourceType: r.resourceType };
  if (r.id !== undefined) entry.id = r.id;
  if (r.url !== undefined) entry.url = r.url;
  if (r.version !== undefined) entry.version = r.version;
  if (r.kind !== undefined) entry.kind = r.kind;
  if (r.type !== undefined) entry.type = r.type;
  if (r.content !== undefined) entry.content = r.content;
  return entry;
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** The files of `package/`, in a stable order. */
export function packageFiles(): PackageFile[] {
  const version = repoVersion();
  const conformance = CONFORMANCE_DIRS.flatMap(readResources);
  const examples = readResources(EXAMPLES_DIR);
  const files: PackageFile[] = [];
  const manifest = {
    name: CEIBA_PACKAGE_ID,
    version,
    type: 'fhir.ig',
    canonical: CEIBA_CANONICAL_BASE,
    url: CEIBA_CANONICAL_BASE,
    title: 'Ceiba — perfiles FHIR de Guatemala (MSPAS)',
    description: 'FHIR R4 profiles, extensions, CodeSystems and ValueSets used by Ceiba, the offline-first client of MSPAS health posts.',
    fhirVersions: ['4.0.1'],
    dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
    author: 'MSPAS Guatemala — Ceiba',
    license: 'Apache-2.0',
    jurisdiction: 'urn:iso:std:iso:3166#GT',
    directories: { lib: 'package', example: 'example' },
  };
  files.push({ path: 'package/package.json', content: json(manifest) });
  const index = conformance.map((r) => indexEntry(FILE_NAME(r), r));
  files.push({ path: 'package/.index.json', content: json({ 'index-version': 1, files: index }) });
  for (const r of conformance) files.push({ path: `package/${FILE_NAME(r)}`, content: json(r) });
  const exampleIndex = examples.map((r) => indexEntry(FILE_NAME(r), r));
  files.push({ path: 'package/example/.index.json', content: json({ 'index-version': 1, files: exampleIndex }) });
  for (const r of examples) files.push({ path: `package/example/${FILE_NAME(r)}`, content: json(r) });
  return files;
}

// --- a minimal ustar writer (regular files only, deterministic: fixed mtime, owner 0) ----------

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(512, 0);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`path too long for ustar: ${path}`);
  }
  const write = (value: string, offset: number, length: number): void => {
    block.write(value, offset, length, 'utf8');
  };
  const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;
  write(name, 0, 100);
  write(octal(0o644, 8), 100, 8);
  write(octal(0, 8), 108, 8);
  write(octal(0, 8), 116, 8);
  write(octal(size, 12), 124, 12);
  write(octal(0, 12), 136, 12);
  write('        ', 148, 8);
  write('0', 156, 1);
  write('ustar\0', 257, 6);
  write('00', 263, 2);
  write(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

export function tar(files: readonly PackageFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f.path, f.content.length), f.content);
    const pad = (512 - (f.content.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

// --- the human-readable index --------------------------------------------------------------

function indexMarkdown(files: readonly PackageFile[]): string {
  const version = repoVersion();
  const lines = [
    `# ${CEIBA_PACKAGE_ID} ${version}`,
    '',
    `FHIR R4 (4.0.1) package of Ceiba. Canonical base: ${CEIBA_CANONICAL_BASE}. Generated by \`npm run profiles:pack\`.`,
    '',
    '## Profiles and extensions',
    '',
  ];
  for (const spec of profileSpecs) {
    lines.push(`### ${spec.title} (\`${spec.id}\`)`, '', `- URL: ${spec.url}`, `- Type: ${spec.type}; based on ${spec.baseDefinition}`, `- ${spec.description}`);
    for (const c of spec.keyConstraints) lines.push(`- ${c}`);
    lines.push('');
  }
  lines.push('## Terminology', '');
  for (const f of files) {
    if (!/^package\/(CodeSystem|ValueSet)-/.test(f.path)) continue;
    const r = JSON.parse(f.content.toString('utf8')) as Resource;
    lines.push(`- ${r.resourceType} \`${r.id ?? ''}\`: ${r.title ?? r.name ?? ''} — ${r.url ?? ''}`);
  }
  lines.push('', '## Examples', '');
  for (const f of files) if (f.path.startsWith('package/example/') && !f.path.endsWith('.index.json')) lines.push(`- ${f.path.slice('package/example/'.length)}`);
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function indexHtml(markdown: string): string {
  const body = markdown
    .split('\n')
    .map((line) => {
      const text = escapeHtml(line).replace(/`([^`]+)`/g, '<code>$1</code>');
      if (line.startsWith('### ')) return `<h3>${text.slice(4)}</h3>`;
      if (line.startsWith('## ')) return `<h2>${text.slice(3)}</h2>`;
      if (line.startsWith('# ')) return `<h1>${text.slice(2)}</h1>`;
      if (line.startsWith('- ')) return `<li>${text.slice(2)}</li>`;
      return line === '' ? '' : `<p>${text}</p>`;
    })
    .join('\n');
  return `<!doctype html>\n<html lang="es"><head><meta charset="utf-8"><title>${CEIBA_PACKAGE_ID}</title></head><body>\n${body}\n</body></html>\n`;
}

export interface PackResult {
  readonly directory: string;
  readonly tarball: string;
  readonly files: PackageFile[];
}

export function pack(outDir: string = join(REPO_ROOT, 'dist')): PackResult {
  const files = packageFiles();
  const directory = join(outDir, 'fhir-package');
  rmSync(directory, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(join(directory, f.path, '..'), { recursive: true });
    writeFileSync(join(directory, f.path), f.content);
  }
  const markdown = indexMarkdown(files);
  writeFileSync(join(directory, 'index.md'), markdown);
  writeFileSync(join(directory, 'index.html'), indexHtml(markdown));
  const tarball = join(outDir, `${CEIBA_PACKAGE_ID}-${repoVersion()}.tgz`);
  writeFileSync(tarball, gzipSync(tar(files), { level: 9 }));
  return { directory, tarball, files };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = pack();
  console.log(`profiles:pack: ${result.files.length} files in ${result.directory}; ${result.tarball}`);
}
