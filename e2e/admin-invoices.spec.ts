// The admin's invoice list: filters by status, customer, currency, issue dates and number, each
// agreeing with the API; totals per currency of what matches; paging that really moves (page 2 is not
// page 1); a filter the list does not know is named; the accounting export downloads from the page.
import { expect, test, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

type ApiInvoice = { id: string; number: string | null; status: string; customer_id: string; currency: string; total: string; amount_due: string; issued_at: string | null };

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

/** every invoice of the workspace, through the API's pages */
async function allInvoices(page: Page, query = ''): Promise<ApiInvoice[]> {
  const all: ApiInvoice[] = [];
  let after = '';
  for (;;) {
    const body = await (await page.request.get(`/api/billing/invoices?limit=100${query}${after ? `&starting_after=${after}` : ''}`)).json();
    all.push(...body.data);
    if (!body.has_more) return all;
    after = body.data.at(-1).id;
  }
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));
const printedCents = (text: string) => BigInt(/[\d,]+\.\d{2}/.exec(text)![0].replace(/[,.]/g, ''));
const rows = (page: Page) => page.getByTestId('invoice-row');
const numbersShown = async (page: Page) => (await rows(page).locator('td:first-child').allInnerTexts()).map((t) => /INV-[\d-]+|Draft/.exec(t)?.[0]);

test('filters agree with the API and the totals add up what matches', async ({ page }) => {
  const all = await allInvoices(page);
  await page.goto('/admin/invoices');
  await expect(page.locator('main')).toContainText(`${all.length} invoices`);

  // status: paid
  const filters = page.getByTestId('invoice-filters');
  await filters.getByLabel('Status').selectOption('paid');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=paid/);
  const paid = all.filter((i) => i.status === 'paid');
  await expect(rows(page)).toHaveCount(Math.min(paid.length, 50));
  for (const status of await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))) expect(status).toBe('paid');
  // the totals: per currency, over what matches
  for (const currency of new Set(paid.map((i) => i.currency))) {
    const sum = paid.filter((i) => i.currency === currency).reduce((s, i) => s + cents(i.total), 0n);
    const box = page.locator(`[data-testid="invoice-total"][data-currency="${currency}"]`);
    expect(printedCents(await box.locator('dd').innerText())).toBe(sum);
  }

  // one customer, as the API lists theirs
  const someone = all.find((i) => i.number)!;
  await page.goto(`/admin/invoices?customer_id=${someone.customer_id}`);
  const theirs = all.filter((i) => i.customer_id === someone.customer_id);
  await expect(rows(page)).toHaveCount(theirs.length);
  const due = theirs.filter((i) => i.currency === someone.currency).reduce((s, i) => s + cents(i.amount_due), 0n);
  const dueText = await page.locator(`[data-testid="invoice-total"][data-currency="${someone.currency}"] dd`).innerText();
  expect(printedCents(dueText.split('·')[1]!)).toBe(due);

  // a number, typed in part
  const number = someone.number!;
  await page.goto('/admin/invoices');
  await page.getByTestId('invoice-filters').getByLabel('Number').fill(number.slice(-4));
  await page.getByTestId('invoice-filters').getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`number=${number.slice(-4)}`));
  const matches = all.filter((i) => i.number?.includes(number.slice(-4)));
  await expect(rows(page)).toHaveCount(matches.length);
  expect(await numbersShown(page)).toContain(number);
  for (const shown of await numbersShown(page)) expect(shown).toContain(number.slice(-4));

  // an issue-date range: the day of that invoice only
  const dayOf = someone.issued_at!.slice(0, 10);
  await page.goto(`/admin/invoices?from=${dayOf}&to=${dayOf}`);
  const sameDay = all.filter((i) => i.issued_at?.startsWith(dayOf));
  await expect(rows(page)).toHaveCount(sameDay.length);
});

test('page 2 continues where page 1 stops, and a hand-made filter is named', async ({ page }) => {
  const all = await allInvoices(page);
  // ten a page: the demo always has more than ten invoices
  expect(all.length).toBeGreaterThan(10);
  await page.goto('/admin/invoices');
  await page.getByTestId('invoice-filters').getByLabel('Per page').selectOption('10');
  await page.getByTestId('invoice-filters').getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/per_page=10/);
  await expect(rows(page)).toHaveCount(10);
  const first = await numbersShown(page);
  expect(first).toHaveLength(10);
  await page.getByTestId('invoice-pages').getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page).toHaveURL(/per_page=10/);
  await expect(page.getByTestId('invoice-pages')).toContainText(`Page 2 of ${Math.ceil(all.length / 10)}`);
  await expect(rows(page)).toHaveCount(Math.min(10, all.length - 10));
  const second = await numbersShown(page);
  expect(second.length).toBe(Math.min(10, all.length - 10));
  expect(second.filter((n) => n !== 'Draft' && first.includes(n))).toEqual([]);
  // and back
  await page.getByTestId('invoice-pages').getByRole('link', { name: '← Previous' }).click();
  await expect(page.getByTestId('invoice-pages')).toContainText('Page 1 of');
  expect(await numbersShown(page)).toEqual(first);

  for (const [query, field] of [
    ['status=late', 'status'],
    ['staus=paid', 'staus'],
    ['from=2026-02-30', 'from'],
    ['from=2026-12-02&to=2026-12-01', 'to'],
    ['page=0', 'page'],
    ['per_page=7', 'per_page'],
  ]) {
    await page.goto(`/admin/invoices?${query}`);
    await expect(page.getByTestId('invoice-filter-error'), query).toContainText(`${field}:`);
    await expect(rows(page)).toHaveCount(0);
  }
});

test('the export downloads the CSV of the chosen days', async ({ page }) => {
  const all = await allInvoices(page);
  const issued = all.filter((i) => i.issued_at).map((i) => i.issued_at!.slice(0, 10)).sort();
  await page.goto('/admin/invoices');
  const form = page.getByTestId('invoice-export');
  await form.getByLabel('From').fill(issued[0]!);
  await form.getByLabel('To').fill(issued.at(-1)!);
  const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').trim().split(/\r?\n/);
  expect(lines[0]).toContain('invoice_number');
  expect(lines.length - 1).toBe(all.filter((i) => i.issued_at && i.status !== 'draft').length);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/invoices?status=open');
    await expect(rows(page).first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
