// What a conflict shows for one conflicting path: the value on each side. Paths are the merge's
// ("Patient.birthDate", "Patient.name": arrays are compared whole; "Patient" alone means one side
// deleted the resource), so the value is found by walking object keys after the type.
import type { Resource } from '@medplum/fhirtypes';

export type SideValue = { readonly kind: 'deleted' } | { readonly kind: 'absent' } | { readonly kind: 'value'; readonly text: string };

export function valueAt(resource: Resource | undefined, path: string): SideValue {
  if (resource === undefined) return { kind: 'deleted' };
  let value: unknown = resource;
  for (const key of path.split('.').slice(1)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'absent' };
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) return { kind: 'absent' };
  return { kind: 'value', text: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** A short name for a resource in a list: a person's name, a code's text, else nothing. */
export function resourceTitle(resource: Resource | undefined): string | undefined {
  if (resource === undefined) return undefined;
  const r = resource as unknown as Record<string, unknown>;
  const names = r.name;
  if (Array.isArray(names) && names.length > 0) {
    const first = names[0] as { text?: unknown; family?: unknown; given?: unknown };
    if (typeof first.text === 'string' && first.text.trim() !== '') return first.text;
    const given = Array.isArray(first.given) ? first.given.filter((g): g is string => typeof g === 'string') : [];
    const family = typeof first.family === 'string' ? first.family : '';
    const full = [...given, family].join(' ').trim();
    if (full !== '') return full;
  }
  if (typeof names === 'string' && names.trim() !== '') return names;
  const code = r.code as { text?: unknown; coding?: { display?: unknown }[] } | undefined;
  if (typeof code?.text === 'string') return code.text;
  const display = code?.coding?.[0]?.display;
  return typeof display === 'string' ? display : undefined;
}
