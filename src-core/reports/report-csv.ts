// The monthly report as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read
// the accents), one row per figure: section, category, subcategory, value. Headers and labels in
// Spanish, as the district office reads them. The open-data variant is the same aggregate with
// small counts (1–4) suppressed, so that no person can be singled out in a small village.
import { AGE_GROUPS, type MonthlyReport, type ReportSex } from './monthly-report';

const SEX_ES: Record<ReportSex, string> = { female: 'Femenino', male: 'Masculino', other: 'Otro / no indicado' };
const HEADER = ['seccion', 'categoria', 'subcategoria', 'valor'] as const;
/** Counts from 1 to this are shown as "<5" in open data. */
export const SMALL_CELL = 4;

type Cell = string | number;
type Row = readonly [string, string, string, Cell];

function quote(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportRows(report: MonthlyReport): Row[] {
  const rows: Row[] = [];
  rows.push(['mes', report.month, '', '']);
  rows.push(['consultas', 'total', '', report.consultations.total]);
  for (const group of AGE_GROUPS) {
    for (const sex of ['female', 'male', 'other'] as const) rows.push(['consultas', `edad ${group}`, SEX_ES[sex], report.consultations.byAgeAndSex[group][sex]]);
  }
  rows.push(['consultas', 'edad desconocida', '', report.consultations.ageUnknown]);
  for (const d of report.topDiagnoses) rows.push(['diagnosticos CIE-10', d.code, d.display, d.count]);
  for (const v of report.immunizations) rows.push(['vacunas', v.vaccine, v.dose === null ? 'dosis sin número' : `dosis ${String(v.dose)}`, v.count]);
  rows.push(['crecimiento <5 años', 'niños medidos', '', report.growth.measured]);
  rows.push(['crecimiento <5 años', 'desnutrición aguda (emaciación)', '', report.growth.wasting]);
  rows.push(['crecimiento <5 años', 'desnutrición crónica (retardo de talla)', '', report.growth.stunting]);
  rows.push(['crecimiento <5 años', 'bajo peso', '', report.growth.underweight]);
  rows.push(['referencias', 'total', '', report.referrals]);
  rows.push(['teleconsultas', 'solicitudes', '', report.teleconsults]);
  return rows;
}

function toCsv(rows: readonly Row[]): string {
  return `\uFEFF${[HEADER, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

export function reportCsv(report: MonthlyReport): string {
  return toCsv(reportRows(report));
}

/** De-identified: counts of 1–4 become "<5"; diagnosis texts stay (they are code labels). */
export function openDataCsv(report: MonthlyReport): string {
  return toCsv(reportRows(report).map(([a, b, c, value]): Row => [a, b, c, typeof value === 'number' && value > 0 && value <= SMALL_CELL ? '<5' : value]));
}
