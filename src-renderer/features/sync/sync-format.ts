// Dates and sizes as people in Guatemala write them (es-GT): 25/11/2025, 1:05 p. m.; 1.2 MB.
const DATE_TIME = new Intl.DateTimeFormat('es-GT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: 'numeric', minute: '2-digit' });

/** An ISO instant in the device's time zone; the text itself when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

const UNITS = [
  { unit: 'kilobyte', size: 1000 },
  { unit: 'megabyte', size: 1000 ** 2 },
  { unit: 'gigabyte', size: 1000 ** 3 },
] as const;

export function formatBytes(bytes: number): string {
  // (Intl has no short label for a plain byte in es-GT: it writes "byte".)
  if (bytes < 1000) return `${formatCount(bytes)} B`;
  let chosen: (typeof UNITS)[number] = UNITS[0];
  for (const candidate of UNITS) if (bytes >= candidate.size) chosen = candidate;
  const format = new Intl.NumberFormat('es-GT', { style: 'unit', unit: chosen.unit, unitDisplay: 'short', maximumFractionDigits: 1 });
  return format.format(bytes / chosen.size);
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat('es-GT').format(n);
}

/** "20251125-1305", for file names (local time). */
export function fileStamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
}
