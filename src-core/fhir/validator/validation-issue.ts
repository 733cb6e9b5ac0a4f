// Every validation issue carries a Spanish text for the user (details.text) and a precise English
// diagnostics line for logs and developers, with the FHIRPath expression of the element.
// @medplum/core reports English in details.text; `fromMedplumIssue` moves it to diagnostics and
// adds the Spanish text, in this one place.
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { IssueCode, IssueSeverity } from '../outcome';

export function validationIssue(
  severity: IssueSeverity,
  code: IssueCode,
  expression: string,
  diagnostics: string,
  spanish: string,
): OperationOutcomeIssue {
  return { severity, code, details: { text: spanish }, diagnostics, expression: [expression] };
}

interface Translation {
  readonly pattern: RegExp;
  readonly es: (m: RegExpExecArray) => string;
}

const TRANSLATIONS: readonly Translation[] = [
  { pattern: /^Missing required property/, es: () => 'Falta un dato obligatorio.' },
  {
    pattern: /^Invalid number of values: expected (\S+), but found (\d+)/,
    es: (m) => `Cantidad de valores no permitida: se esperaba ${m[1] ?? ''} y hay ${m[2] ?? ''}.`,
  },
  { pattern: /^Expected array of values/, es: () => 'Se esperaba una lista de valores.' },
  { pattern: /^Expected single value/, es: () => 'Se esperaba un solo valor, no una lista.' },
  { pattern: /^Value did not match expected pattern/, es: () => 'El valor no coincide con el valor fijo o el patrón que exige el perfil.' },
  { pattern: /^Invalid additional property "(.*)"/, es: (m) => `Elemento no reconocido: «${m[1] ?? ''}».` },
  { pattern: /^Constraint (\S+) not met: (.*)/s, es: (m) => `No se cumple la regla ${m[1] ?? ''}: ${m[2] ?? ''}` },
  { pattern: /^Invalid (\w+) format/, es: (m) => `Formato no válido para un dato de tipo ${m[1] ?? ''}.` },
  { pattern: /^Invalid JSON type/, es: () => 'Tipo de dato JSON incorrecto.' },
  { pattern: /^String must contain non-whitespace/, es: () => 'El texto no puede estar vacío.' },
  { pattern: /^Invalid empty/, es: () => 'Valor vacío no permitido.' },
  { pattern: /^Invalid (null|undefined) value/, es: () => 'Valor nulo no permitido.' },
  { pattern: /^Expected number to be an integer/, es: () => 'Se esperaba un número entero.' },
  { pattern: /^Expected number to be positive/, es: () => 'Se esperaba un número mayor que cero.' },
  { pattern: /^Expected number to be non-negative/, es: () => 'Se esperaba un número no negativo.' },
  { pattern: /^Invalid numeric value/, es: () => 'Número no válido.' },
  { pattern: /^String cannot be larger/, es: () => 'El texto es demasiado largo (más de 1 MB).' },
  { pattern: /^Invalid reference/, es: () => 'La referencia apunta a un tipo de recurso no permitido aquí.' },
  { pattern: /^Conflicting choice of type/, es: () => 'El elemento aparece con dos tipos a la vez.' },
  { pattern: /^Type of primitive extension/, es: () => 'La extensión del dato no corresponde a su tipo.' },
  { pattern: /^Error evaluating invariant/, es: () => 'No se pudo evaluar una regla del perfil.' },
  { pattern: /^Unknown data type/, es: () => 'Tipo de recurso o de dato desconocido.' },
];

export function spanishFor(english: string): string {
  for (const t of TRANSLATIONS) {
    const m = t.pattern.exec(english);
    if (m) return t.es(m);
  }
  return 'El recurso no cumple la especificación FHIR.';
}

/** Rewrites an issue from @medplum/core: English to diagnostics, Spanish to details.text. */
export function fromMedplumIssue(issue: OperationOutcomeIssue): OperationOutcomeIssue {
  const english = issue.details?.text ?? issue.diagnostics ?? 'validation failed';
  let extra = '';
  if (issue.diagnostics) {
    try {
      const data = JSON.parse(issue.diagnostics) as { fhirpath?: unknown };
      if (typeof data.fhirpath === 'string') extra = ` [${data.fhirpath}]`;
    } catch {
      extra = ` (${issue.diagnostics})`;
    }
  }
  return {
    severity: issue.severity,
    code: issue.code,
    details: { text: spanishFor(english) },
    diagnostics: english + extra,
    ...(issue.expression ? { expression: issue.expression } : {}),
  };
}

export const issueKey = (i: OperationOutcomeIssue): string =>
  `${i.severity}|${i.code}|${(i.expression ?? []).join(',')}|${i.diagnostics ?? ''}`;
