/** Moves focus to a form control by id (the first field in error after a submit). */
export function focusField(id: string): void {
  const element = document.getElementById(id);
  if (element instanceof HTMLElement) element.focus();
}

/** Moves focus to the page's heading inside main (after signing in or out). */
export function focusMainHeading(): void {
  const main = document.querySelector('main');
  const heading = main?.querySelector<HTMLElement>('h1');
  (heading ?? (main instanceof HTMLElement ? main : null))?.focus();
}
