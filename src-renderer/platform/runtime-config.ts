// Shape checks for values that cross a boundary (IPC reply, config.json): trust nothing unchecked.
import type { AppInfo, RuntimeConfig } from '../../src-core/ipc';
import { errorOutcome, OutcomeError } from '../../src-core/fhir';

const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts `{ centralServerUrl: string|null, signalingUrl: string|null }`; empty strings mean "not configured". */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (!isRecord(value) || !isNullableString(value.centralServerUrl) || !isNullableString(value.signalingUrl)) {
    throw new OutcomeError(errorOutcome('structure', 'runtime config is not { centralServerUrl, signalingUrl }'));
  }
  const blankToNull = (s: string | null): string | null => (s === null || s.trim() === '' ? null : s.trim());
  return { centralServerUrl: blankToNull(value.centralServerUrl), signalingUrl: blankToNull(value.signalingUrl) };
}

export function parseAppInfo(value: unknown): AppInfo {
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    typeof value.version !== 'string' ||
    (value.shell !== 'electron' && value.shell !== 'web') ||
    !isRecord(value.versions)
  ) {
    throw new OutcomeError(errorOutcome('structure', 'app info is not an AppInfo'));
  }
  const versions: Record<string, string> = {};
  for (const [k, v] of Object.entries(value.versions)) {
    if (typeof v === 'string') versions[k] = v;
  }
  return { name: value.name, version: value.version, shell: value.shell, versions };
}
