// The admin's page for one customer: reached from the customer list, it shows the profile, the balance
// (what the customer's open invoices still owe, as the API adds it up), the subscription and every
// invoice the API lists for them; an id that is no customer here is the 404 page. At 375 px, light and
// dark, it does not scroll sideways and axe finds nothing serious.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

type ApiInvoice = { id: string; number: string | null; status: string; amount_due: string; currency: string };

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
});

/** cents of a two-decimal amount, as an exact integer */
const cents = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};

test('from the list to one customer: profile, balance, subscription and their invoices', async ({ page }) => {
  await page.goto('/admin/customers?query=acme');
  await page.getByTestId('customer-link').filter({ hasText: 'Acme Corporation' }).click();
  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
  const customerId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme Corporation');

  const customer = await (await page.request.get(`/api/admin/billing/customers/${customerId}`)).json();
  await expect(page.getByTestId('customer-profile')).toContainText(customer.currency.toUpperCase());
  await expect(page.locator('main')).toContainText(customer.email);

  // every invoice the API has for them (the page shows the latest 25; the demo customer has fewer)
  const listed = (await (await page.request.get(`/api/billing/invoices?customer_id=${customerId}&limit=100`)).json()).data as ApiInvoice[];
  expect(listed.length).toBeGreaterThan(0);
  expect(listed.length).toBeLessThanOrEqual(25);
  const shown = await page.getByTestId('customer-invoices').getByTestId('invoice-row').locator('td:first-child').allInnerTexts();
  const numbers = listed.filter((i) => i.number).map((i) => i.number!);
  for (const number of numbers) expect(shown.some((cell) => cell.includes(number)), `${number} is listed`).toBe(true);

  // the balance is what the open invoices still owe
  const open = listed.filter((i) => i.status === 'open');
  const owed = open.reduce((sum, i) => sum + cents(i.amount_due), 0n);
  const balance = page.getByTestId('customer-balance');
  if (owed === 0n) await expect(balance).toContainText('Nothing due');
  else await expect(balance).toContainText(`${(owed / 100n).toLocaleString('en-US')}.${String(owed % 100n).padStart(2, '0')}`);

  // the live subscription, by plan code, as the API lists it
  const subs = (await (await page.request.get(`/api/admin/billing/subscriptions?customer_id=${customerId}`)).json()).data as { plan_code: string }[];
  for (const s of subs) await expect(page.getByTestId('customer-subscriptions')).toContainText(s.plan_code);

  // an invoice's PDF link answers with a PDF
  const pdfLink = page.getByTestId('customer-invoices').getByRole('link', { name: /^PDF/ }).first();
  const pdf = await page.request.get((await pdfLink.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('an id that is no customer of this workspace is a 404 with the not-found page', async ({ page }) => {
  for (const id of [randomUUID(), 'not-a-uuid']) {
    const answer = await page.goto(`/admin/customers/${id}`);
    expect(answer?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByTestId('customer-profile')).toHaveCount(0);
  }
});

test('the admin acts for a customer: bills now, issues a one-time invoice, suspends and reactivates', async ({ page }) => {
  await page.goto('/admin/customers?query=globex');
  await page.getByTestId('customer-link').first().click();
  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
  const customerId = page.url().split('/').pop()!;
  const invoicesOf = async () => ((await (await page.request.get(`/api/billing/invoices?customer_id=${customerId}&limit=100`)).json()).data as { id: string }[]).length;

  // billing what has ended: a second click finds nothing more
  await page.getByTestId('bill-now').click();
  await expect(page.getByTestId('bill-now-outcome')).toBeVisible();
  await page.reload();
  await page.getByTestId('bill-now').click();
  await expect(page.getByTestId('bill-now-outcome')).toHaveText('Nothing to bill: no period of this customer has ended unbilled.');

  // a one-time invoice: a price that is no number is said beside it, and nothing is issued
  const before = await invoicesOf();
  const form = page.getByTestId('one-time-invoice-form');
  await form.getByLabel('Description').fill('E2E onboarding workshop');
  await form.getByLabel('Quantity').fill('2');
  await form.getByLabel(/^Unit price/).fill('abc');
  await form.getByRole('button', { name: 'Issue invoice' }).click();
  await expect(page.locator('#one-time-unit_price-error')).toBeVisible();
  await expect(form.getByLabel('Description')).toHaveValue('E2E onboarding workshop');
  expect(await invoicesOf()).toBe(before);
  await form.getByLabel(/^Unit price/).fill('125.50');
  await form.getByRole('button', { name: 'Issue invoice' }).click();
  await expect(page.getByTestId('one-time-invoice-outcome')).toContainText('issued');
  expect(await invoicesOf()).toBe(before + 1);
  const issued = (await (await page.request.get(`/api/billing/invoices?customer_id=${customerId}&limit=1`)).json()).data[0];
  expect(issued).toMatchObject({ status: 'open', subtotal: '251.00', lines: [{ description: 'E2E onboarding workshop', quantity: '2', unit_price: '125.5' }] });
  await expect(page.getByTestId('customer-invoices')).toContainText(issued.number);

  // suspend after confirming, then reactivate
  await page.getByText('Suspend…').click();
  await page.getByTestId('suspend').click();
  await expect(page.getByTestId('status-outcome')).toHaveText('Customer suspended.');
  expect((await (await page.request.get(`/api/admin/billing/customers/${customerId}`)).json()).status).toBe('suspended');
  await page.getByTestId('reactivate').click();
  await expect(page.getByTestId('status-outcome')).toHaveText('Customer reactivated.');
  expect((await (await page.request.get(`/api/admin/billing/customers/${customerId}`)).json()).status).toBe('active');
});

test('the customer list filters by status, plan and past due, pages, and shows each one’s MRR and balance', async ({ page }) => {
  const rowsOf = () => page.getByTestId('customer-row');
  const all = (await (await page.request.get('/api/admin/billing/customers?limit=100')).json()).data as { id: string; name: string; status: string }[];

  // the plan of the demo customer: every row listed has it, and they are the API's subscribers to it
  const acme = all.find((c) => c.name === 'Acme Corporation')!;
  const [subscription] = (await (await page.request.get(`/api/admin/billing/subscriptions?customer_id=${acme.id}`)).json()).data as { plan_code: string }[];
  const subscribers = ((await (await page.request.get(`/api/admin/billing/subscriptions?plan_code=${subscription!.plan_code}&limit=100`)).json()).data as { customer_id: string; status: string }[])
    .filter((s) => ['active', 'past_due', 'trialing', 'incomplete'].includes(s.status))
    .map((s) => s.customer_id);
  await page.goto(`/admin/customers?plan=${subscription!.plan_code}`);
  await expect(rowsOf()).toHaveCount(new Set(subscribers).size);
  await expect(rowsOf().filter({ hasText: 'Acme Corporation' })).toHaveCount(1);

  // Acme's balance is what its open invoices owe
  const open = (await (await page.request.get(`/api/billing/invoices?customer_id=${acme.id}&status=open&limit=100`)).json()).data as { amount_due: string }[];
  const owed = open.reduce((sum, i) => sum + BigInt(i.amount_due.replace('.', '')), 0n);
  const acmeRow = rowsOf().filter({ hasText: 'Acme Corporation' });
  if (owed > 0n) await expect(acmeRow.locator('td').nth(6)).toContainText(`${(owed / 100n).toLocaleString('en-US')}.${String(owed % 100n).padStart(2, '0')}`);
  await expect(acmeRow.locator('td').nth(5)).toContainText(/\$\d/);

  // status: as the API counts them
  const suspended = all.filter((c) => c.status === 'suspended').length;
  await page.goto('/admin/customers?status=suspended');
  await expect(rowsOf()).toHaveCount(suspended);
  for (const status of await rowsOf().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))) expect(status).toBe('suspended');

  // past due only: each row listed is marked so
  await page.goto('/admin/customers');
  await page.getByTestId('customer-search').getByLabel('Past due only').check();
  await page.getByTestId('customer-search').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/past_due=true/);
  for (const flag of await rowsOf().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-past-due')))) expect(flag).toBe('true');

  // ten a page, and page 2 is the rest
  await page.goto('/admin/customers?per_page=10');
  await expect(rowsOf()).toHaveCount(Math.min(10, all.length));
  const firstPage = await rowsOf().getByTestId('customer-link').allInnerTexts();
  await page.getByTestId('customer-pages').getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rowsOf()).toHaveCount(Math.min(10, all.length - 10));
  const secondPage = await rowsOf().getByTestId('customer-link').allInnerTexts();
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);

  // a filter the list does not know, or a malformed one, is named
  for (const [query, field] of [['statuss=active', 'statuss'], ['status=gone', 'status'], ['past_due=yes', 'past_due'], ['per_page=7', 'per_page']]) {
    await page.goto(`/admin/customers?${query}`);
    await expect(page.getByTestId('customer-filter-error'), query).toContainText(`${field}:`);
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a customer's page at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/customers?query=acme');
    await page.getByTestId('customer-link').first().click();
    await expect(page.getByTestId('customer-profile')).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
