// What every page's e2e spec checks beside its behaviour: axe-core's serious and critical findings,
// and whether the page scrolls sideways (at 375 px it must not).
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * axe-core's serious and critical findings on the page as it is now. `iframes: false` leaves out what
 * is inside frames: an email's own HTML shown in a sandboxed frame (no scripts) is not the page's markup.
 */
export async function seriousViolations(page: Page, { iframes = true }: { iframes?: boolean } = {}): Promise<string[]> {
  // after a client-side navigation Next sets the new page's <title> a moment after its content, and
  // axe run in between reports a missing title; every page here has one, so wait for it (a page that
  // never gets one still fails, on this wait)
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 5_000 });
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, options)).violations;
  }, { iframes });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How many pixels the page is wider than its window: 0 when nothing scrolls sideways. */
export const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
