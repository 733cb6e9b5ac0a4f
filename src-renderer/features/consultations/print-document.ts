// "Imprimir": the platform's print. The web shell (and, until the desktop bridge has a print
// channel, the desktop app too) uses the browser's own print dialog, which also saves as PDF;
// the print layout comes from consultations.css (@media print).
export function printDocument(): void {
  window.print();
}
