// Accessibility audit of a screen with axe-core (issue 6 acceptance: "no serious or critical
// violations"). axe's source is evaluated in the page through the DevTools protocol, which the
// web shell's Content-Security-Policy (no inline scripts) does not apply to, so the audited page
// is the production page unchanged. Rules: WCAG 2.0/2.1 A and AA plus axe's best practices.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = (require('axe-core') as { source: string }).source;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** CSS selectors of the offending nodes. */
  readonly targets: readonly string[];
}

interface AxeResult {
  readonly violations: readonly { id: string; impact?: string | null; help: string; nodes: readonly { target: readonly unknown[] }[] }[];
}

/** Every violation axe finds on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    return (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })) as AxeResult;
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
  }));
}

/** The violations the acceptance forbids: impact "serious" or "critical". */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
