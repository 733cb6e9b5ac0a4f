/** The month before `today`'s, as YYYY-MM (the value of an input type="month"), in local time. */
export function previousMonth(today: Date): string {
  const d = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export const isReportMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
