// CUI (Código Único de Identificación), the 13-digit number printed on the DPI and assigned by
// RENAP at birth registration. Structure, left to right:
//   8 digits  serial number (correlativo)
//   1 digit   check digit (dígito verificador) over the 8 serial digits
//   2 digits  department of registration, INE code 01–22
//   2 digits  municipality number within that department (INE: the last two digits of the
//             municipality's 4-digit code, so department '16' + '01' is municipality 1601, Cobán)
// Printed as '2345 67890 0101'; spaces and hyphens are accepted in input.
//
// Check digit: with the serial digits d1..d8, s = Σ d_i × (i + 1) (weights 2..9, left to right) and
// the check digit is s mod 11. A remainder of 10 cannot be written as one digit, so no valid CUI has
// a serial whose remainder is 10. RENAP does not publish the formula; this is the algorithm of the
// public validators, which agree with each other: the Python/JS package cui-gt (aalonzolu/cui-gt,
// weights idx + 2 over the first eight digits, remainder mod 11), the "nationid" document catalogue
// (GT_DPI: weights [2..9], valid iff r ≠ 10 and r equals the 9th digit), and the GuatemalaDpi
// validator of ksoftsas/doc-validator (weights from 2). Several of them also check the municipality
// number against a count of municipalities per department, as done here with the INE table.
//
// A single changed serial digit always changes s mod 11 (a change of δ·w with 1 ≤ |δ| ≤ 9 and
// 2 ≤ w ≤ 9 is never a multiple of 11), and so does swapping two different adjacent serial digits,
// so the check digit catches both typing errors.
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issue } from '../fhir/outcome';
import { departmentByCode } from '../fhir/terminology/departments';
import { municipalityByCode } from '../fhir/terminology/municipalities';

export interface Cui {
  /** The 8 serial digits. */
  readonly serial: string;
  readonly checkDigit: number;
  /** Two-digit INE department code ('16'). */
  readonly department: string;
  /** Four-digit INE municipality code, department first ('1601'), as in the municipio-gt CodeSystem. */
  readonly municipality: string;
  /** The 13 digits without separators. */
  readonly normalized: string;
}

export type CuiErrorCode = 'length' | 'characters' | 'check-digit' | 'department' | 'municipality';

export interface CuiError {
  readonly code: CuiErrorCode;
  /** Spanish, for the user. */
  readonly message: string;
}

export type CuiResult = { readonly ok: true; readonly cui: Cui } | { readonly ok: false; readonly error: CuiError };

const CUI_LENGTH = 13;
const SEPARATORS = /[\s-]/g;
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9] as const;

/**
 * The check digit of an 8-digit serial, or null when the weighted sum leaves 10 (no CUI can have
 * that serial).
 */
export function cuiCheckDigit(serial: string): number | null {
  if (!/^\d{8}$/.test(serial)) throw new Error('cuiCheckDigit needs exactly 8 digits');
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += Number(serial[i]) * weight;
  });
  const remainder = sum % 11;
  return remainder === 10 ? null : remainder;
}

const fail = (code: CuiErrorCode, message: string): CuiResult => ({ ok: false, error: { code, message } });

/** Parses and validates a CUI typed by a person (spaces and hyphens allowed). */
export function parseCui(input: string): CuiResult {
  const normalized = input.replace(SEPARATORS, '');
  if (!/^\d*$/.test(normalized)) {
    return fail('characters', 'El CUI solo puede contener números (se permiten espacios y guiones).');
  }
  if (normalized.length !== CUI_LENGTH) {
    return fail('length', `El CUI debe tener 13 dígitos; tiene ${normalized.length}.`);
  }
  const serial = normalized.slice(0, 8);
  const checkDigit = Number(normalized[8]);
  const department = normalized.slice(9, 11);
  const municipality = normalized.slice(9, 13);
  const expected = cuiCheckDigit(serial);
  if (expected !== checkDigit) {
    return fail(
      'check-digit',
      'El dígito verificador (el noveno dígito) no corresponde a los ocho primeros: revise que el CUI esté bien escrito.',
    );
  }
  const departmentEntry = departmentByCode(department);
  if (departmentEntry === undefined) {
    return fail('department', 'Los dígitos 10 y 11 del CUI no son un código de departamento: deben estar entre 01 y 22.');
  }
  if (municipalityByCode(municipality) === undefined) {
    return fail(
      'municipality',
      `Los dígitos 12 y 13 del CUI no son un municipio del departamento de ${departmentEntry.name} (dígitos 10 y 11).`,
    );
  }
  return { ok: true, cui: { serial, checkDigit, department, municipality, normalized } };
}

/** The printed form of a normalized CUI: '2345 67890 0101'. */
export function formatCui(normalized: string): string {
  return `${normalized.slice(0, 4)} ${normalized.slice(4, 9)} ${normalized.slice(9)}`;
}

const DIAGNOSTICS: Readonly<Record<CuiErrorCode, string>> = {
  characters: 'CUI contains characters other than digits, spaces and hyphens',
  length: 'CUI does not have 13 digits',
  'check-digit': 'CUI check digit does not match its serial number',
  department: 'CUI department code is not an INE department',
  municipality: 'CUI municipality code is not a municipality of its department',
};

/**
 * An OperationOutcome issue for a CUI that failed to parse, pointing at `expression` (a FHIRPath
 * such as 'Patient.identifier[0].value'). The Spanish message goes in details.text; diagnostics is
 * English and never contains the number itself (patient data stays out of logs).
 */
export function cuiErrorToIssue(error: CuiError, expression: string): OperationOutcomeIssue {
  return issue('value', DIAGNOSTICS[error.code], { details: error.message, expression: [expression] });
}
