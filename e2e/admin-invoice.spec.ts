// The admin's page for one invoice and what its status allows. Journeys: find a customer, open one of
// their paid invoices, issue a credit note there and see it on the customer's own invoice page; mark an
// open invoice paid with the bank's reference and see the overview's outstanding fall by exactly its
// amount due; void an invoice after confirming. Bad input is said beside the field and changes nothing.
import { expect, test, type Page } from '@playwright/test';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { LoginPage } from './pages/login-page';

type ApiInvoice = { id: string; number: string | null; status: string; customer_id: string; currency: string; amount_due: string; total: string };

async function signIn(page: Page, role: 'admin' | 'customer') {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo(role);
  await expect(page).toHaveURL(role === 'admin' ? /\/admin$/ : /\/billing$/);
}

const printedCents = (text: string) => BigInt(/[\d,]+\.\d{2}/.exec(text)![0].replace(/[,.]/g, ''));
const cents = (amount: string) => BigInt(amount.replace('.', ''));

test('a credit note issued from the admin reaches the customer’s invoice page', async ({ page, browser }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/customers?query=acme');
  await page.getByTestId('customer-link').filter({ hasText: 'Acme Corporation' }).click();
  await expect(page).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
  const customerId = page.url().split('/').pop()!;
  // a paid invoice: the credit note is a refund owed, so what Acme owes (other specs read it) stays
  const listed = (await (await page.request.get(`/api/billing/invoices?customer_id=${customerId}&status=paid`)).json()).data as ApiInvoice[];
  const paid = listed[0]!;
  await page.getByTestId('customer-invoices').getByTestId('invoice-link').filter({ hasText: paid.number! }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/invoices/${paid.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${paid.number}`);

  const form = page.getByTestId('credit-note-form');
  // too much is refused beside the amount, and what was typed stays
  await form.getByLabel('Reason (printed on the credit note)').fill('Goodwill for the outage');
  await form.getByLabel(/^Net amount/).fill('999999');
  await form.getByRole('button', { name: 'Issue credit note' }).click();
  await expect(page.locator('#credit-amount-error')).toBeVisible();
  await expect(form.getByLabel(/^Net amount/)).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Reason (printed on the credit note)')).toHaveValue('Goodwill for the outage');
  expect((await (await page.request.get(`/api/billing/invoices/${paid.id}/credit-notes`)).json()).data).toHaveLength(0);

  await form.getByLabel(/^Net amount/).fill('1.00');
  await form.getByRole('button', { name: 'Issue credit note' }).click();
  await expect(page.getByTestId('credit-note-outcome')).toContainText('issued');
  const notes = (await (await page.request.get(`/api/billing/invoices/${paid.id}/credit-notes`)).json()).data as { number: string; subtotal: string; method: string }[];
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatchObject({ subtotal: '1.00', method: 'refund' });
  await expect(page.getByTestId('invoice-credit-note-row')).toContainText(notes[0]!.number);

  // the customer sees it on their invoice, with its PDF
  const customerContext = await browser.newContext();
  const portal = await customerContext.newPage();
  await signIn(portal, 'customer');
  await portal.goto(`/billing/invoices/${paid.id}`);
  await expect(portal.locator('main')).toContainText(notes[0]!.number);
  await customerContext.close();
});

test('marking an open invoice paid lowers the outstanding by exactly what it owed', async ({ page }) => {
  await signIn(page, 'admin');
  const stats = await (await page.request.get('/api/admin/billing/stats')).json();
  const currency = stats.currency as string;
  // an open invoice of someone other than the demo customer, whose figures other specs read
  const acme = (await (await page.request.get('/api/admin/billing/customers?query=acme.example')).json()).data[0].id as string;
  const open = ((await (await page.request.get('/api/billing/invoices?status=open&limit=100')).json()).data as ApiInvoice[]).find(
    (i) => i.customer_id !== acme && i.currency === currency && cents(i.amount_due) > 0n,
  )!;
  const outstandingBefore = cents(stats.outstanding[currency]);

  await page.goto(`/admin/invoices/${open.id}`);
  const form = page.getByTestId('mark-paid-form');
  await form.getByLabel(/Payment reference/).fill('BANK-E2E-7731');
  await form.getByRole('button', { name: 'Mark paid' }).click();
  await expect(page.getByTestId('invoice-amount-due')).toContainText('0.00');
  await expect(page.getByTestId('status-badge').first()).toHaveText('Paid');
  const after = await (await page.request.get(`/api/billing/invoices/${open.id}`)).json();
  expect(after).toMatchObject({ status: 'paid', payment_reference: 'BANK-E2E-7731', amount_due: '0.00' });

  await page.goto('/admin');
  const expected = outstandingBefore - cents(open.amount_due);
  const outstandingText = await page.getByTestId('outstanding-value').innerText();
  expect(printedCents(outstandingText.split('\n')[0]!)).toBe(expected);
  // and the API agrees
  expect(cents((await (await page.request.get('/api/admin/billing/stats')).json()).outstanding[currency] ?? '0.00')).toBe(expected);
});

test('voiding asks first; a void invoice offers nothing more', async ({ page }) => {
  await signIn(page, 'admin');
  const globex = (await (await page.request.get('/api/admin/billing/customers?query=globex')).json()).data[0].id as string;
  const created = await (
    await page.request.post('/api/billing/invoices', { data: { customer_id: globex, items: [{ description: 'E2E setup fee', quantity: '1', unit_price: '12.34' }], finalize: true } })
  ).json();
  await page.goto(`/admin/invoices/${created.id}`);
  await expect(page.getByTestId('invoice-void')).toBeHidden();
  await page.getByText('Void…').click();
  await expect(page.getByText('Void this invoice?')).toBeVisible();
  await page.getByTestId('invoice-void').click();
  await expect(page.getByTestId('status-badge').first()).toHaveText('Void');
  await expect(page.getByTestId('invoice-actions')).toContainText('does not change any more');
  await expect(page.getByTestId('credit-note-form')).toHaveCount(0);
  expect((await (await page.request.get(`/api/billing/invoices/${created.id}`)).json()).status).toBe('void');
});

test('an id that is no invoice here is a 404', async ({ page }) => {
  await signIn(page, 'admin');
  for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
    const answer = await page.goto(`/admin/invoices/${id}`);
    expect(answer?.status()).toBe(404);
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`an open invoice at 375 px in the ${colorScheme} scheme: no sideways scroll, no serious axe violation`, async ({ page }) => {
    await signIn(page, 'admin');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.emulateMedia({ colorScheme });
    await page.goto('/admin/invoices?status=open');
    await page.getByTestId('invoice-link').first().click();
    await expect(page.getByTestId('invoice-actions')).toBeVisible();
    await page.getByText('Void…').click();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
}
