// "Imprimir": the platform's print. The desktop saves the print view as an A4 PDF through the main
// process (printToPDF and a save dialog); the web shell opens the browser's print dialog, which
// also saves as PDF. The print layout comes from consultations.css (@media print). The suggested
// file name carries the sheet and the date, never the patient's name.
import type { Platform } from '../../platform/platform';

export function printFileName(sheet: 'consulta' | 'referencia', consultationDate: string): string {
  return `${sheet}-${consultationDate.slice(0, 10)}.pdf`;
}

export function printDocument(platform: Platform, fileName: string): Promise<void> {
  return platform.print(fileName);
}
