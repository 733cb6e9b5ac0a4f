// Deterministic JSON layout for committed terminology files: two-space indentation, but any array or
// object whose compact form fits on one line (≤ 100 characters at its indentation) stays on one line.
// Large lists therefore read and diff one entry per line (a CIE-10 row, a FHIR concept) instead of
// one field per line, which keeps the files about half the size of JSON.stringify(v, null, 2).

const WIDTH = 100;

export function formatJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

function format(value: unknown, indent: string): string {
  // JSON.stringify returns undefined for functions and undefined, whatever its declared type says.
  const compact = JSON.stringify(value) as string | undefined;
  if (compact === undefined) throw new Error('formatJson: value is not JSON-serializable');
  if (value === null || typeof value !== 'object' || indent.length + compact.length <= WIDTH) return compact;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + format(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
}
