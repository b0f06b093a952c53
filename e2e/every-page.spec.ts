// Every signed-in page, for the customer and for the admin, at 1280 and 375 px in the light and the
// dark scheme: the page never scrolls sideways, axe finds nothing serious or critical, the scheme the
// system asks for is the one shown (dark mode follows prefers-color-scheme), and the shell's controls
// (the section tabs, Sign out) stay inside the screen. Page-specific behaviour is in each page's spec;
// this one is the floor every page stands on, so a new page belongs in the lists below.
import { expect, test, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';
import { focusWhenShown } from './pages/focus';

const CUSTOMER_PAGES = ['/billing', '/billing/usage', '/billing/invoices', '/billing/subscription', '/billing/payment-methods', '/billing/settings'];
const ADMIN_PAGES = [
  '/admin',
  '/admin/customers',
  '/admin/invoices',
  '/admin/runs',
  '/admin/alerts',
  '/admin/emails',
  '/admin/webhooks',
  '/admin/pricing',
  '/admin/settings',
  '/admin/catalog',
  '/admin/catalog/new-plan',
  '/admin/catalog/plans/starter',
  '/admin/catalog/metrics/api_calls',
  '/admin/reports',
  '/admin/customers/new',
  '/admin/audit',
];

const WIDTHS = [1280, 375] as const;
const SCHEMES = ['light', 'dark'] as const;

/** The relative luminance (0 black … 1 white) of the body's background, whatever colour syntax the browser reports. */
async function bodyLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const context = canvas.getContext('2d')!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = Array.from(context.getImageData(0, 0, 1, 1).data).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  });
}

async function checkPage(page: Page, path: string, width: number, scheme: (typeof SCHEMES)[number]) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(await horizontalOverflow(page), `${path} at ${width} px (${scheme}) scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), `${path} at ${width} px (${scheme})`).toEqual([]);
  const luminance = await bodyLuminance(page);
  if (scheme === 'dark') expect(luminance, `${path} is not dark in the dark scheme`).toBeLessThan(0.05);
  else expect(luminance, `${path} is not light in the light scheme`).toBeGreaterThan(0.8);
  // Sign out is on the screen, not pushed off its edge
  const signOut = await page.getByTestId('sign-out').boundingBox();
  expect(signOut, `${path}: no Sign out button`).not.toBeNull();
  expect(signOut!.x + signOut!.width, `${path} at ${width} px: Sign out is off-screen`).toBeLessThanOrEqual(width);
}

for (const [role, pages] of [
  ['customer', CUSTOMER_PAGES],
  ['admin', ADMIN_PAGES],
] as const) {
  test.describe(`the ${role}'s pages`, () => {
    test.beforeEach(async ({ page }) => {
      const login = new LoginPage(page);
      await login.goto();
      await login.signInAsDemo(role);
    });

    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        test(`at ${width} px in the ${scheme} scheme: no sideways scroll, no serious axe violation, the scheme applied`, async ({ page }) => {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          for (const path of pages) await checkPage(page, path, width, scheme);
        });
      }
    }

    test('at 375 px the Tab key reaches every section tab and Sign out, and Enter follows a tab', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(pages[0]!);
      const nav = page.getByRole('navigation', { name: 'Sections' });
      const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
      expect(hrefs.length).toBeGreaterThan(2);
      const reached = new Set<string>();
      for (let i = 0; i < 40 && !(hrefs.every((h) => reached.has(h)) && reached.has('sign-out')); i++) {
        await page.keyboard.press('Tab');
        reached.add(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.getAttribute('href') ?? ''));
      }
      expect([...hrefs, 'sign-out'].filter((h) => !reached.has(h)), 'not reached by Tab').toEqual([]);
      // the last tab: focused by keyboard, scrolled into its strip, followed with Enter
      const last = nav.locator(`a[href="${hrefs[hrefs.length - 1]}"]`);
      await focusWhenShown(last);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`${hrefs[hrefs.length - 1]!.replace(/\//g, '\\/')}$`));
      await expect(nav.locator(`a[href="${hrefs[hrefs.length - 1]}"]`)).toHaveAttribute('aria-current', 'page');
    });
  });
}
test('the favicon is the product mark', async ({ request, page }) => {
  const icon = await request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(await icon.text()).toContain('<svg');
  await page.goto('/login');
  await expect(page.locator('head link[rel="icon"]').first()).toHaveAttribute('href', /\/icon\.svg/);
});
