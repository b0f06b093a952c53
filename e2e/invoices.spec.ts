// The customer's invoices against the Stripe-less server: open one from the list, filter and page
// the list, download the PDF and read its total back, pay by bank transfer with copyable details,
// see a credit note with its PDF, and never see another customer's invoice; every page fits a phone
// and has no serious accessibility finding.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, request, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { horizontalOverflow, seriousViolations } from './pages/accessibility';
import { BillingPage } from './pages/billing-page';
import { DEMO } from './pages/demo-users';
import { LoginPage } from './pages/login-page';

// the PDF names Helvetica without embedding it; pdf.js reads its metrics from its own font files
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
    }
    return parts.join('').replace(/[ \t]+/g, ' ');
  } finally {
    await pdf.destroy();
  }
}

const INVOICE_URL = /\/billing\/invoices\/[0-9a-f-]{36}(\?.*)?$/;

async function signIn(page: Page) {
  const login = new LoginPage(page);
  await login.goto('/billing/invoices');
  await login.signInAsDemo('customer');
  await expect(page).toHaveURL(/\/billing\/invoices$/);
}

type ApiInvoice = { id: string; number: string; kind: 'subscription' | 'one_time'; status: string };

/**
 * The customer's newest subscription invoice (with `status`), as the API lists them. Other specs share
 * the server and give the demo customer one-time invoices of their own (paid by hand, voided), so the
 * journeys below pick a period's invoice, with its several lines and its card payment, by what it is.
 */
async function newestSubscriptionInvoice(page: Page, status?: 'open' | 'paid'): Promise<ApiInvoice> {
  const listed = (await (await page.request.get(`/api/billing/invoices?limit=100${status ? `&status=${status}` : ''}`)).json()).data as ApiInvoice[];
  const invoice = listed.find((i) => i.kind === 'subscription');
  if (!invoice) throw new Error(`the demo customer has no ${status ?? ''} subscription invoice`);
  return invoice;
}

/** Opens the newest subscription invoice with `status` from the filtered list; returns its number. */
async function openFirst(page: Page, status: 'open' | 'paid'): Promise<string> {
  const { number } = await newestSubscriptionInvoice(page, status);
  await page.goto(`/billing/invoices?status=${status}`);
  const link = page.getByTestId('invoice-row').getByTestId('invoice-number').filter({ hasText: number });
  await link.click();
  await expect(page).toHaveURL(INVOICE_URL);
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
  return number;
}

async function expectFitsAndAccessible(page: Page) {
  expect(await horizontalOverflow(page)).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
}

test.describe('customer invoices', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('an invoice opens from the list with its lines and totals, and its PDF downloads with the same total', async ({ page }) => {
    const billing = new BillingPage(page);
    const { number } = await newestSubscriptionInvoice(page);
    const firstRow = billing.invoiceRows.filter({ has: page.getByTestId('invoice-number').filter({ hasText: number }) });
    const listedTotal = (await firstRow.getByTestId('invoice-total').textContent())!.trim();
    await firstRow.getByRole('link', { name: number }).click();
    await expect(page).toHaveURL(INVOICE_URL);

    await expect(page.getByRole('heading', { level: 1, name: `Invoice ${number}` })).toBeVisible();
    await expect(page.getByTestId('invoice-detail-number')).toHaveText(number);
    await expect(page.getByTestId('invoice-total')).toHaveText(listedTotal);
    await expect(page.getByTestId('total-total')).toHaveText(listedTotal);
    await expect(page.getByTestId('total-subtotal')).toBeVisible();
    await expect(page.getByTestId('invoice-totals')).toContainText(/Tax \(\d+(\.\d+)?%\)/);
    // Lyceum's platform fee, licenses, clusters, extra users and storage overage, each with its figures
    const lines = page.getByTestId('invoice-line');
    expect(await lines.count()).toBeGreaterThanOrEqual(3);
    await expect(lines.first().locator('td')).toHaveCount(4);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-pdf-link').click()]);
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain(`Invoice ${number}`);
    expect(text).toMatch(new RegExp(`Total\\s+${listedTotal.replace(/[$.]/g, (c) => `\\${c}`)}`));

    // the HTML and CSV documents are linked too, and answer
    const documents = page.getByTestId('invoice-documents');
    for (const name of ['View HTML', 'Download CSV']) {
      const href = await documents.getByRole('link', { name }).getAttribute('href');
      const answer = await page.request.get(href!);
      expect(answer.status(), name).toBe(200);
      if (name === 'View HTML') expect(await answer.text()).toContain(listedTotal);
    }
  });

  test('the list filters by status, pages both ways, and says what is wrong with a bad address', async ({ page }) => {
    const billing = new BillingPage(page);
    const all = await billing.invoiceRows.count();
    expect(all).toBeGreaterThanOrEqual(3);

    const filter = page.getByTestId('invoice-filter');
    await filter.getByLabel('Status').selectOption('paid');
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/\/billing\/invoices\?status=paid$/);
    await expect(filter.getByLabel('Status')).toHaveValue('paid');
    const paid = await billing.invoiceRows.count();
    expect(paid).toBeGreaterThanOrEqual(1);
    expect(paid).toBeLessThan(all);
    for (const status of await billing.invoiceRows.getByTestId('status-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('paid');

    await filter.getByLabel('Status').selectOption('open');
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/status=open$/);
    for (const status of await billing.invoiceRows.getByTestId('status-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(['open', 'overdue']).toContain(status);

    // void: exactly the ones the API has (other specs void invoices of their own), or the empty state
    const voided = ((await (await page.request.get('/api/billing/invoices?status=void&limit=100')).json()).data as ApiInvoice[]).map((i) => i.number);
    await page.goto('/billing/invoices?status=void');
    if (voided.length === 0) await expect(page.getByTestId('invoice-table')).toContainText('No void invoices.');
    else expect((await billing.invoiceRows.getByTestId('invoice-number').allTextContents()).map((t) => t.trim())).toEqual(voided.slice(0, 10));

    // one invoice per page: older, older, then back to newer, each another invoice
    await page.goto('/billing/invoices?limit=1');
    const seen = [(await billing.invoiceRows.getByTestId('invoice-number').textContent())!];
    const pager = page.getByTestId('invoice-pager');
    for (let i = 1; i < 3; i++) {
      await pager.getByRole('link', { name: 'Older invoices →' }).click();
      await expect(billing.invoiceRows.getByTestId('invoice-number')).not.toHaveText(seen[i - 1]!);
      seen.push((await billing.invoiceRows.getByTestId('invoice-number').textContent())!);
    }
    expect(new Set(seen).size).toBe(3);
    await pager.getByRole('link', { name: '← Newer invoices' }).click();
    await expect(billing.invoiceRows.getByTestId('invoice-number')).toHaveText(seen[1]!);

    await page.goto('/billing/invoices?status=bogus&starting_after=INV-1');
    const error = page.getByTestId('invoice-list-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('status (“bogus”) must be one of open, overdue, paid, void, uncollectible.');
    await expect(error).toContainText('starting_after (“INV-1”) must be an invoice id from the previous page.');
    await error.getByRole('link', { name: 'Show all invoices' }).click();
    await expect(billing.invoiceRows).toHaveCount(all);
  });

  test('an open invoice is paid by bank transfer: the workspace’s account, the amount and the reference, each copyable', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const number = await openFirst(page, 'open');
    const due = (await page.getByTestId('invoice-amount-due').textContent())!.trim();
    await page.getByTestId('pay-by-bank-transfer').click();
    await expect(page).toHaveURL(/#bank-transfer$/);

    const bank = page.getByTestId('bank-transfer');
    await expect(bank.getByTestId('bank-account-holder').getByTestId('bank-value')).toHaveText('Meterbill Demo Ltd');
    await expect(bank.getByTestId('bank-iban').getByTestId('bank-value')).toHaveText('BE71 0961 2345 6769');
    await expect(bank.getByTestId('bank-bic').getByTestId('bank-value')).toHaveText('GKCCBEBB');
    await expect(bank.getByTestId('bank-amount').getByTestId('bank-value')).toHaveText(due);
    await expect(bank.getByTestId('bank-reference').getByTestId('bank-value')).toHaveText(number);

    await bank.getByRole('button', { name: 'Copy IBAN' }).click();
    await expect(bank.getByTestId('bank-iban')).toContainText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('BE71096123456769');
    await bank.getByRole('button', { name: 'Copy Reference' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(number);
    await bank.getByRole('button', { name: 'Copy Amount' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(due.replace(/[^0-9.]/g, ''));
  });

  test('a paid invoice shows its receipt, and a credit note on it is listed with its PDF', async ({ page, baseURL }) => {
    await openFirst(page, 'paid');
    const receipt = page.getByTestId('invoice-receipt');
    await expect(receipt.getByTestId('receipt-method')).toHaveText('Card');
    await expect(receipt.getByTestId('receipt-amount')).toHaveText((await page.getByTestId('invoice-total').textContent())!);
    await expect(receipt.getByTestId('receipt-date')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    await expect(page.getByTestId('payment-row').filter({ hasText: 'Card' })).toHaveCount(1);
    await expect(page.getByTestId('pay-button')).toHaveCount(0);

    // an admin refunds part of it with a credit note
    const invoiceId = page.url().split('/').pop()!;
    const admin = await request.newContext({ baseURL });
    try {
      expect((await admin.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
      const created = await admin.post(`/api/billing/invoices/${invoiceId}/credit-notes`, { data: { reason: 'Cluster outage on the 3rd', amount: '1.00' } });
      expect(created.status()).toBe(201);
      const note = await created.json();

      await page.reload();
      const row = page.getByTestId('credit-note-row').filter({ hasText: note.number });
      await expect(row).toContainText('Cluster outage on the 3rd');
      await expect(row).toContainText('refunded');
      const href = await row.getByRole('link', { name: `PDF of credit note ${note.number}` }).getAttribute('href');
      const pdf = await page.request.get(href!);
      expect(pdf.status()).toBe(200);
      const text = await pdfText(await pdf.body());
      expect(text).toContain(note.number);

      // another customer's credit note PDF through this invoice, or through theirs: not found
      expect((await page.request.get(`/api/billing/invoices/${invoiceId}/credit-notes/00000000-0000-4000-8000-000000000000/pdf`)).status()).toBe(404);
    } finally {
      await admin.dispose();
    }
  });

  test('another customer’s invoice is not found', async ({ page, baseURL }) => {
    const admin = await request.newContext({ baseURL });
    try {
      expect((await admin.post('/api/auth/local/sign-in', { data: { email: DEMO.admin.email, password: DEMO.admin.password } })).status()).toBe(200);
      const own = (await (await page.request.get('/api/billing/invoices?limit=1')).json()).data[0];
      const all = (await (await admin.get('/api/billing/invoices?limit=100&status=open')).json()).data;
      const foreign = all.find((i: { customer_id: string }) => i.customer_id !== own.customer_id);
      expect(foreign).toBeTruthy();

      const answer = await page.goto(`/billing/invoices/${foreign.id}`);
      expect(answer!.status()).toBe(404);
      await expect(page.getByTestId('invoice-not-found')).toBeVisible();
      await expect(page.getByText(foreign.number)).toHaveCount(0);
      expect((await page.goto('/billing/invoices/not-an-id'))!.status()).toBe(404);
    } finally {
      await admin.dispose();
    }
  });

  for (const width of [1280, 375]) {
    test(`the list and an invoice fit ${width} px without sideways scrolling or serious axe findings`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/billing/invoices');
      await expect(page.getByTestId('invoice-row').first()).toBeVisible();
      await expectFitsAndAccessible(page);

      await page.goto('/billing/invoices?status=nope');
      await expect(page.getByTestId('invoice-list-error')).toBeVisible();
      await expectFitsAndAccessible(page);

      await openFirst(page, 'open');
      await page.getByTestId('pay-by-bank-transfer').click();
      await expect(page.getByTestId('bank-transfer')).toBeVisible();
      await expectFitsAndAccessible(page);

      await openFirst(page, 'paid');
      await expectFitsAndAccessible(page);
    });
  }
});
