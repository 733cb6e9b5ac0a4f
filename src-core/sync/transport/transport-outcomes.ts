// The outcomes the transport fails with: English diagnostics for logs, Spanish details for the
// person at the health post. When the server sent an OperationOutcome its issues follow ours.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { IssueCode } from '../../fhir/outcome';
import { issue, outcome } from '../../fhir/outcome';
import { TransportError } from './transport-error';

export interface FailureContext {
  /** e.g. "POST transaction", "GET Patient search page 3" — never a query string (it can hold patient data). */
  readonly what: string;
  readonly status?: number;
  readonly server?: OperationOutcome | undefined;
  readonly retryAfterMs?: number;
}

function fail(code: IssueCode, diagnostics: string, details: string, ctx: FailureContext): TransportError {
  const issues: OperationOutcomeIssue[] = [issue(code, diagnostics, { details }), ...(ctx.server?.issue ?? [])];
  return new TransportError(outcome(issues), ctx.status, ctx.retryAfterMs);
}

export const loginRejected = (ctx: FailureContext, byTokenEndpoint = false): TransportError =>
  fail(
    'login',
    `${ctx.what}: ${byTokenEndpoint ? 'the token endpoint' : 'the server'} rejected the credentials (HTTP ${ctx.status ?? '?'})`,
    'El servidor central rechazó las credenciales. Revise el usuario, la contraseña o el token configurados para la sincronización.',
    ctx,
  );

export const forbidden = (ctx: FailureContext): TransportError =>
  fail('forbidden', `${ctx.what}: forbidden (HTTP 403)`, 'El servidor central no permite esta operación con las credenciales configuradas.', ctx);

export const versionConflict = (ctx: FailureContext): TransportError =>
  fail(
    'conflict',
    `${ctx.what}: version conflict (HTTP ${ctx.status ?? '?'}); the server holds a newer version`,
    'El registro cambió en el servidor central desde la última sincronización.',
    ctx,
  );

export const notFound = (ctx: FailureContext): TransportError =>
  fail('not-found', `${ctx.what}: not found (HTTP ${ctx.status ?? '?'})`, 'El servidor central no encontró lo solicitado.', ctx);

export const pagesExpired = (ctx: FailureContext): TransportError =>
  fail('expired', `${ctx.what}: the result pages expired on the server (HTTP 410)`, 'La consulta al servidor central expiró; se repetirá.', ctx);

export const throttled = (ctx: FailureContext): TransportError =>
  fail(
    'throttled',
    `${ctx.what}: the server is busy (HTTP ${ctx.status ?? '?'})${ctx.retryAfterMs === undefined ? '' : `, Retry-After ${Math.round(ctx.retryAfterMs / 1000)} s`}`,
    'El servidor central está ocupado; la sincronización se reintentará más tarde.',
    ctx,
  );

export const serverFailed = (ctx: FailureContext): TransportError =>
  fail('transient', `${ctx.what}: server error (HTTP ${ctx.status ?? '?'})`, 'El servidor central tuvo un error; la sincronización se reintentará más tarde.', ctx);

export const rejected = (ctx: FailureContext): TransportError => {
  const serverCode = ctx.server?.issue.find((i) => i.severity === 'error' || i.severity === 'fatal')?.code;
  return fail(
    serverCode ?? 'processing',
    `${ctx.what}: rejected by the server (HTTP ${ctx.status ?? '?'})`,
    'El servidor central rechazó los datos enviados.',
    ctx,
  );
};

export const networkFailed = (ctx: FailureContext, cause: string): TransportError =>
  fail('transient', `${ctx.what}: no answer from the server (${cause})`, 'No se pudo comunicar con el servidor central. Se reintentará cuando haya conexión.', ctx);

export const timedOut = (ctx: FailureContext, ms: number): TransportError =>
  fail('timeout', `${ctx.what}: no complete answer within ${ms} ms`, 'El servidor central tardó demasiado en responder; se reintentará.', ctx);

export const cancelled = (ctx: FailureContext): TransportError =>
  fail('incomplete', `${ctx.what}: cancelled`, 'La sincronización fue cancelada.', ctx);

export const brokenReply = (ctx: FailureContext, problem: string): TransportError =>
  fail(
    'structure',
    `${ctx.what}: the server's reply (HTTP ${ctx.status ?? '?'}) is unusable: ${problem}`,
    'La respuesta del servidor central llegó incompleta o no es FHIR válido.',
    ctx,
  );

export const unsafeLink = (ctx: FailureContext, link: string): TransportError =>
  fail(
    'security',
    `${ctx.what}: a paging link leaves the server's base (${safeOrigin(link)}); not followed, so credentials are not sent elsewhere`,
    'El servidor central devolvió un enlace a otro sitio; no se siguió.',
    ctx,
  );

function safeOrigin(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return 'an invalid URL';
  }
}
