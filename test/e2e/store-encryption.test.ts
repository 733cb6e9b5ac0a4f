// Encryption at rest, checked on the disk (DESIGN §4, issue 3 acceptance): Debian's Chromium with
// a persistent profile writes a valid Ceiba Patient named "Xiloj Tzoc" with a known CUI through the
// real local store (DexieStore, the product validator, a KeyVault session's cipher over the store's
// own key records); the browser is closed so LevelDB flushes, and every file of the profile (raw
// and, for LevelDB tables, block by block decompressed) is byte-searched for the surnames and the
// identifier. Encrypted: found nowhere, yet a new browser on the profile reads the patient back.
// Control (the same store and page with a cipher that does not encrypt): found, which proves the
// search can see what the store writes.
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extension, HumanName, Patient } from '@medplum/fhirtypes';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUI_SYSTEM } from '../../src-core/fhir/canonical';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { readTableBlocks } from '../harness/encryption-leveldb';
import type { EncryptionPageApi, ReadResult } from '../harness/encryption-page';

const FATHERS = 'Xiloj';
const MOTHERS = 'Tzoc';
const FAMILY = `${FATHERS} ${MOTHERS}`;
const USER = 'enfermera.xt';
const PASSWORD = 'Clave-Muy-Secreta-4821';

/** The profile's valid example patient (a valid CUI), renamed: family "Xiloj Tzoc" with both surname extensions. */
async function examplePatient(): Promise<Patient> {
  const file = new URL('../../fhir-profiles/examples/valid/Patient-ceiba-patient.json', import.meta.url);
  const example = JSON.parse(await readFile(file, 'utf8')) as Patient;
  const name = example.name?.[0];
  if (name === undefined) throw new Error('example patient has no name');
  // FHIR JSON `_family` (the primitive's extensions), which @medplum/fhirtypes does not declare.
  const renamed: HumanName & { readonly _family: { readonly extension: Extension[] } } = {
    ...name,
    family: FAMILY,
    _family: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/humanname-fathers-family', valueString: FATHERS },
        { url: 'http://hl7.org/fhir/StructureDefinition/humanname-mothers-family', valueString: MOTHERS },
      ],
    },
  };
  return { ...example, name: [renamed] }; // its id is replaced: the store assigns a UUID on create
}

let patient: Patient;
let cui = '';
/** What must not be on disk in the encrypted run (the password too). */
let secrets: string[] = [];

let server: Server | undefined;
let origin = '';
const dirs: string[] = [];

async function pageBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../harness/encryption-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}

beforeAll(async () => {
  patient = await examplePatient();
  const identifier = patient.identifier?.find((i) => i.system === CUI_SYSTEM)?.value;
  if (identifier === undefined) throw new Error('example patient has no CUI');
  cui = identifier;
  secrets = [FAMILY, FATHERS, FATHERS.toLowerCase(), MOTHERS, MOTHERS.toLowerCase(), cui, PASSWORD];
  const script = await pageBundle();
  expect(script).not.toContain('Xiloj'); // the page never carries the patient: it arrives as an argument
  const html = '<!doctype html><meta charset="utf-8"><title>Ceiba</title><script type="module" src="/page.js"></script>';
  server = createServer((req, res) => {
    const isScript = req.url === '/page.js';
    res.writeHead(isScript || req.url === '/' ? 200 : 404, {
      'content-type': isScript ? 'text/javascript' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(isScript ? script : req.url === '/' ? html : '');
  });
  const listening = server;
  await new Promise<void>((done) => listening.listen(0, '127.0.0.1', done));
  const address = listening.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  const listening = server;
  if (listening !== undefined) await new Promise<void>((done) => listening.close(() => { done(); }));
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function profile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ceiba-e2e-encryption-'));
  dirs.push(dir);
  return dir;
}

/** Runs `body` with the page loaded in Chromium on a persistent profile, then closes the browser. */
async function withBrowser<T>(dir: string, body: (page: Page) => Promise<T>): Promise<T> {
  const context: BrowserContext = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs(), headless: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await load(page);
    const result = await body(page);
    expect(problems).toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

async function load(page: Page): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.ceibaEncryption !== undefined);
}

/** Calls one page API method with arguments that travel over CDP, never through the page source. */
function call<K extends keyof EncryptionPageApi>(page: Page, method: K, ...args: Parameters<EncryptionPageApi[K]>): Promise<Awaited<ReturnType<EncryptionPageApi[K]>>> {
  return page.evaluate(
    async ([name, params]) => {
      const api = window.ceibaEncryption;
      if (api === undefined) throw new Error('page not loaded');
      const fn = api[name] as (...a: unknown[]) => Promise<unknown>;
      return fn(...params);
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<EncryptionPageApi[K]>>>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The encodings a JS string can take in Chromium's IndexedDB files (V8 one-byte / two-byte values, UTF-16BE keys). */
function encodings(text: string): Record<string, Buffer> {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  return { utf8: Buffer.from(text, 'utf8'), utf16le: le, utf16be: be };
}

interface SearchResult {
  /** For each string, where it occurs: "<file> (<encoding>)", or "<file> [table] (<encoding>)" in decompressed table blocks. */
  readonly found: Map<string, string[]>;
  /** LevelDB table files read block by block, and how many of their blocks were Snappy-compressed. */
  readonly tables: number;
  readonly compressedBlocks: number;
}

/** Byte-searches every file under `dir`, and the decompressed data blocks of every LevelDB table. */
async function byteSearch(dir: string, strings: readonly string[]): Promise<SearchResult> {
  const found = new Map<string, string[]>(strings.map((s) => [s, []]));
  let tables = 0;
  let compressedBlocks = 0;
  const look = (haystack: Buffer, where: string): void => {
    for (const text of strings) {
      for (const [encoding, needle] of Object.entries(encodings(text))) {
        if (haystack.includes(needle)) found.get(text)?.push(`${where} (${encoding})`);
      }
    }
  };
  for (const file of await filesUnder(dir)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      continue; // sockets, locks and files removed while walking
    }
    const name = file.slice(dir.length + 1);
    look(bytes, name);
    if (/\.(ldb|sst)$/.test(file)) {
      const table = readTableBlocks(bytes);
      tables++;
      compressedBlocks += table.compressed;
      look(Buffer.concat(table.blocks), `${name} [table]`);
    }
  }
  return { found, tables, compressedBlocks };
}

/** Megabytes of compressible filler written after the patient: enough for LevelDB to flush it into a table. */
const FILLER_MB = 12;

const noHits = (strings: readonly string[]): Record<string, string[]> => Object.fromEntries(strings.map((s) => [s, []]));
/** What reading the patient back through the store gives: the body and both index lookups. */
const stored = (id: string): ReadResult => ({
  ok: true,
  family: FAMILY,
  fathersFamily: FATHERS,
  mothersFamily: MOTHERS,
  identifier: cui,
  byName: [id],
  byIdentifier: [id],
});
const tableHits = (hits: readonly string[] | undefined): string[] => (hits ?? []).filter((hit) => hit.includes('[table]'));

describe('IndexedDB files on disk (Chromium profile), written through the Dexie store', () => {
  it('control run (plain cipher): name and CUI are found, first in the LevelDB log, then in decompressed Snappy table blocks', async () => {
    const dir = await profile();
    const strings = [FATHERS, MOTHERS, cui];
    const id = await withBrowser(dir, (page) => call(page, 'write', 'plain', patient, USER, PASSWORD));
    const fresh = await byteSearch(dir, strings);
    for (const text of strings) expect(fresh.found.get(text)?.some((hit) => hit.includes('/IndexedDB/')), text).toBe(true);

    await withBrowser(dir, (page) => call(page, 'fill', FILLER_MB));
    const read = await withBrowser(dir, (page) => call(page, 'read', 'plain', id, USER, PASSWORD, 'xil', `${CUI_SYSTEM}|${cui}`));
    expect(read).toEqual(stored(id));
    const compacted = await byteSearch(dir, strings);
    expect(compacted.tables).toBeGreaterThan(0);
    expect(compacted.compressedBlocks).toBeGreaterThan(0);
    for (const text of strings) expect(tableHits(compacted.found.get(text)), text).not.toEqual([]);
  });

  it('encrypted run: stored, readable after restarts and compaction, yet no file holds the surnames, CUI or password', async () => {
    const dir = await profile();
    const id = await withBrowser(dir, async (page) => {
      const created = await call(page, 'write', 'encrypted', patient, USER, PASSWORD);
      // A reloaded page starts with nothing but what is stored, and nothing stored is a key.
      await page.reload();
      await page.waitForFunction(() => window.ceibaEncryption !== undefined);
      const inventory = await call(page, 'inventory');
      expect(inventory.values).toBeGreaterThan(0);
      expect(inventory.cryptoKeys).toBe(0);
      const wrong: ReadResult = await call(page, 'read', 'encrypted', created, USER, 'no-es-la-clave', 'xil', `${CUI_SYSTEM}|${cui}`);
      expect(wrong).toEqual({ ok: false, text: 'Contraseña incorrecta.' });
      return created;
    });
    expect(Object.fromEntries((await byteSearch(dir, secrets)).found)).toEqual(noHits(secrets));

    await withBrowser(dir, (page) => call(page, 'fill', FILLER_MB));
    // A new browser on the same profile reads it back: the data is on disk, not only in memory.
    const read = await withBrowser(dir, (page) => call(page, 'read', 'encrypted', id, USER, PASSWORD, 'xil', `${CUI_SYSTEM}|${cui}`));
    expect(read).toEqual(stored(id));

    const compacted = await byteSearch(dir, secrets);
    expect(compacted.tables).toBeGreaterThan(0);
    expect(compacted.compressedBlocks).toBeGreaterThan(0);
    expect(Object.fromEntries(compacted.found)).toEqual(noHits(secrets));
  });
});
