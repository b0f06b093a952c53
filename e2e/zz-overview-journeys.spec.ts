// A journey across the admin console that changes money owed, so it sorts after every spec that reads
// the demo figures (Acme's $254.50 due, billing.spec.ts, api.spec.ts): issue an invoice to Globex, mark
// it paid on /admin/invoices/[id], and see the overview move by exactly its amount: the outstanding
// card and its split by age fall, this month's collected bar rises, and MRR (fixed fees, not cash)
// stays where it was.
import { expect, test, type Page } from '@playwright/test';
import { LoginPage } from './pages/login-page';

const cents = (amount: string) => BigInt(amount.replace('.', ''));
const printedCents = (text: string) => BigInt(/[\d,]+\.\d{2}/.exec(text)![0].replace(/[,.]/g, ''));

/** The overview's figures for one currency, as its cards and charts print them. */
async function overviewFigures(page: Page, currency: string) {
  await page.goto('/admin');
  const outstandingCard = await page.getByTestId('outstanding-value').innerText();
  const aging = page.locator(`[data-testid="aging"][data-currency="${currency}"]`);
  const agingTotal = (await aging.count()) === 0 ? '0.00' : (await aging.getAttribute('data-total'))!;
  const cashflow = page.locator(`[data-testid="cashflow"][data-currency="${currency}"]`);
  const collected = (await cashflow.count()) === 0 ? '0.00' : (await cashflow.locator('[data-testid="bar-chart-bar"][data-series="collected"]').last().getAttribute('data-value'))!;
  return {
    outstandingCard: printedCents(outstandingCard.split('\n')[0]!),
    agingTotal: cents(agingTotal),
    collectedThisMonth: cents(collected),
    mrrCard: await page.getByTestId('mrr-value').innerText(),
    mrrTrend: await page.locator(`[data-testid="mrr-trend"][data-currency="${currency}"]`).getAttribute('data-latest'),
  };
}

test('marking an invoice paid moves the outstanding and the collected figures by its amount, not MRR', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAsDemo('admin');
  await expect(page).toHaveURL(/\/admin$/);
  const stats = await (await page.request.get('/api/admin/billing/stats')).json();
  const currency = stats.currency as string;
  const globex = (await (await page.request.get('/api/admin/billing/customers?query=globex')).json()).data[0] as { id: string; currency: string };
  expect(globex.currency).toBe(currency);
  const issued = await (
    await page.request.post('/api/billing/invoices', { data: { customer_id: globex.id, items: [{ description: 'Overview journey: onboarding', quantity: '3', unit_price: '41.15' }], finalize: true } })
  ).json();
  expect(issued.status).toBe('open');
  const due = cents(issued.amount_due);
  expect(due).toBeGreaterThan(0n);

  const before = await overviewFigures(page, currency);
  expect(before.agingTotal).toBe(before.outstandingCard);

  await page.goto(`/admin/invoices/${issued.id}`);
  const form = page.getByTestId('mark-paid-form');
  await form.getByLabel(/Payment reference/).fill('BANK-E2E-CHARTS');
  await form.getByRole('button', { name: 'Mark paid' }).click();
  await expect(page.getByTestId('status-badge').first()).toHaveText('Paid');

  const after = await overviewFigures(page, currency);
  expect(after.outstandingCard).toBe(before.outstandingCard - due);
  expect(after.agingTotal).toBe(before.agingTotal - due);
  expect(after.collectedThisMonth).toBe(before.collectedThisMonth + due);
  expect(after.mrrCard).toBe(before.mrrCard);
  expect(after.mrrTrend).toBe(before.mrrTrend);
});
