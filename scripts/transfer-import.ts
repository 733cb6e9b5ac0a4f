// `npm run transfer:import -- <file> --server <FHIR base URL> [--token <bearer>]`: pushes an
// offline transfer file (made by a health post's "Exportar cambios pendientes") to the central
// server, with the sync engine's guarantees (src-core/sync/transfer/push-transfer.ts). The file's
// password is read from CEIBA_TRANSFER_PASSWORD, never from the command line (it would sit in the
// shell history and the process list).
//
// Prints the manifest, then one line per change left for a person (conflict, refused, deferred),
// then a summary. Exit 0 when everything landed, 1 when something is left for a person or the
// push stopped, 2 on a usage error or a file that cannot be opened.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { OutcomeError } from '../src-core/fhir/outcome';
import { ceibaValidator } from '../src-core/fhir/validator/ceiba-validator';
import { systemClock } from '../src-core/platform/clock';
import { createFhirTransport } from '../src-core/sync/transport';
import { pushTransfer } from '../src-core/sync/transfer/push-transfer';
import { openTransfer, transferManifest } from '../src-core/sync/transfer/transfer-file';

const USAGE = 'usage: CEIBA_TRANSFER_PASSWORD=… npm run transfer:import -- <file> --server <FHIR base URL> [--token <bearer token>]';

interface Args {
  readonly file: string;
  readonly server: string;
  readonly token?: string;
}

function parseArgs(args: readonly string[]): Args | string {
  let file: string | undefined;
  let server: string | undefined;
  let token: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--server') server = args[++i];
    else if (arg === '--token') token = args[++i];
    else if (arg !== undefined && !arg.startsWith('--') && file === undefined) file = arg;
    else return `unexpected argument: ${arg ?? ''}`;
  }
  if (file === undefined || server === undefined) return 'a file and --server are required';
  if (!/^https?:\/\//.test(server)) return '--server must be an http(s) URL';
  return { file, server, ...(token === undefined ? {} : { token }) };
}

const say = (line: string): void => {
  console.log(line);
};

function failure(err: unknown): string {
  if (err instanceof OutcomeError) {
    const first = err.outcome.issue[0];
    return [first?.details?.text, first?.diagnostics].filter((m) => m !== undefined).join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}

export async function main(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  const password = env.CEIBA_TRANSFER_PASSWORD;
  if (password === undefined || password === '') {
    console.error(`CEIBA_TRANSFER_PASSWORD is not set\n${USAGE}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(parsed.file);
  } catch (err) {
    console.error(`cannot read ${parsed.file}: ${failure(err)}`);
    return 2;
  }
  const validator = ceibaValidator();
  let opened;
  try {
    const manifest = transferManifest(bytes);
    say(`transfer from device ${manifest.device}, made ${manifest.created}, ${String(manifest.changes)} changes`);
    opened = await openTransfer(bytes, password, validator);
  } catch (err) {
    console.error(`cannot open ${parsed.file}: ${failure(err)}`);
    return 2;
  }
  for (const r of opened.refused) say(`refused ${r.key}: ${r.outcome.issue.map((i) => `${i.expression?.[0] ?? ''} ${i.diagnostics ?? ''}`.trim()).join('; ')}`);
  const transport = createFhirTransport({
    baseUrl: parsed.server,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(parsed.token === undefined ? {} : { auth: { kind: 'bearer', token: parsed.token } }),
  });
  const result = await pushTransfer(opened.changes, { transport, validator, clock: systemClock });
  for (const c of result.conflicts) say(`conflict ${c.resourceType}/${c.id}: ${c.paths.join(', ')}`);
  for (const a of result.attention) say(`needs attention ${a.resourceType}/${a.id}: ${a.outcome.issue[0]?.diagnostics ?? ''}`);
  for (const d of result.deferred) say(`deferred ${d}: no base version in the file; the post's own sync will send it`);
  say(
    `${result.outcome}: ${String(result.pushed)} pushed, ${String(result.merged)} merged, ${String(result.alreadyPresent)} already on the server, ` +
      `${String(result.conflicts.length)} conflicts, ${String(result.attention.length)} need attention, ${String(result.deferred.length)} deferred, ${String(opened.refused.length)} refused`,
  );
  if (result.error !== undefined) say(`stopped: ${failure(new OutcomeError(result.error))}`);
  const leftOver = result.conflicts.length + result.attention.length + result.deferred.length + opened.refused.length;
  return result.outcome === 'succeeded' && leftOver === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
