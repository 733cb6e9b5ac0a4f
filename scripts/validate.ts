// `npm run validate -- <file or folder>...`: validates FHIR JSON resources and Bundles against
// FHIR R4 and the Ceiba profiles they declare (meta.profile), printing one line per issue:
//   <file>[#entry n] <severity> <expression>: <message>
// then a summary. Exit 0 when no errors, 1 when any error, 2 on a usage error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ceibaValidator } from '../src-core/fhir/validator/ceiba-validator';

const USAGE = 'usage: npm run validate -- <file.json or folder>... (folders are searched for *.json)';

export interface FileReport {
  readonly file: string;
  readonly lines: string[];
  readonly errors: number;
  readonly warnings: number;
}

function jsonFiles(path: string): string[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .sort()
      .flatMap((name) => jsonFiles(join(path, name)));
  }
  return path.endsWith('.json') ? [path] : [];
}

const ENTRY = /^Bundle\.entry\[(\d+)\]\.resource(?=$|[.[])/;

/** `Bundle.entry[3].resource.code` -> { entry: 3, expression: `Observation.code` } */
function locate(expression: string, entryTypes: readonly (string | undefined)[]): { entry?: number; expression: string } {
  const m = ENTRY.exec(expression);
  if (!m) return { expression };
  const entry = Number(m[1]);
  return { entry, expression: (entryTypes[entry] ?? 'Resource') + expression.slice(m[0].length) };
}

export function formatIssue(file: string, issue: OperationOutcomeIssue, entryTypes: readonly (string | undefined)[] = []): string {
  const { entry, expression } = locate(issue.expression?.[0] ?? '$', entryTypes);
  const where = entry === undefined ? file : `${file}#entry ${entry}`;
  const message = [issue.details?.text, issue.diagnostics].filter((m) => m !== undefined).join(' — ');
  return `${where} ${issue.severity} ${expression}: ${message}`;
}

export function validateFile(path: string, display: string = path): FileReport {
  const { resource, issues } = ceibaValidator().validateJson(readFileSync(path, 'utf8'));
  const entries = (resource as { entry?: { resource?: { resourceType?: string } }[] } | undefined)?.entry;
  const entryTypes = Array.isArray(entries) ? entries.map((e) => e.resource?.resourceType) : [];
  return {
    file: display,
    lines: issues.map((i) => formatIssue(display, i, entryTypes)),
    errors: issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
  };
}

function main(args: string[]): number {
  if (args.length === 0 || args.includes('--help')) {
    console.error(USAGE);
    return 2;
  }
  const missing = args.filter((a) => !existsSync(a));
  if (missing.length > 0) {
    console.error(`not found: ${missing.join(', ')}\n${USAGE}`);
    return 2;
  }
  const files = args.flatMap(jsonFiles);
  let errors = 0;
  let warnings = 0;
  let invalid = 0;
  for (const file of files) {
    const report = validateFile(file, relative(process.cwd(), file) || file);
    for (const line of report.lines) console.log(line);
    errors += report.errors;
    warnings += report.warnings;
    if (report.errors > 0) invalid++;
  }
  console.log(`${files.length} file(s) validated: ${files.length - invalid} valid, ${invalid} with errors; ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
