// Invoice documents against the production server: PDF, HTML and CSV of one invoice for its owner and
// admins (404 for anyone else's), and the admins' accounting export with its date validation.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { DEMO } from './pages/demo-users';
import { addUtcDays, utcDay } from '../lib/time/utc-day';

type Invoice = { id: string; number: string | null; customer_id: string; status: string };

async function signedIn(baseURL: string, user: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/auth/local/sign-in', { data: { email: user.email, password: user.password } })).status()).toBe(200);
  return context;
}

test.describe('API: invoice documents', () => {
  let admin: APIRequestContext;
  let customer: APIRequestContext;
  let anonymous: APIRequestContext;
  let own: Invoice;
  let foreign: Invoice;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedIn(baseURL!, DEMO.admin);
    customer = await signedIn(baseURL!, DEMO.customer);
    anonymous = await request.newContext({ baseURL: baseURL! });
    const mine = await (await customer.get('/api/billing/invoices')).json();
    own = mine.data[0];
    expect(own.number).toBeTruthy();
    const all = await (await admin.get('/api/billing/invoices?limit=100')).json();
    foreign = all.data.find((i: Invoice) => i.customer_id !== own.customer_id && i.status !== 'draft');
    expect(foreign).toBeTruthy();
  });

  test.afterAll(async () => {
    await Promise.all([admin.dispose(), customer.dispose(), anonymous.dispose()]);
  });

  test('the customer downloads their own invoice as PDF, HTML and CSV', async () => {
    const pdf = await customer.get(`/api/billing/invoices/${own.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBe(`inline; filename="${own.number}.pdf"`);
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.subarray(-8).toString('latin1')).toContain('%%EOF');

    const html = await customer.get(`/api/billing/invoices/${own.id}/html`);
    expect(html.status()).toBe(200);
    expect(html.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers()['content-security-policy']).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain(own.number!);
    expect(page).toContain(DEMO.customer.customerName);
    expect(page).not.toContain('<script');

    const csv = await customer.get(`/api/billing/invoices/${own.id}/csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toBe(`attachment; filename="${own.number}.csv"`);
    const text = await csv.text();
    expect(text.startsWith(`Invoice Number,${own.number}\nClient Name,${DEMO.customer.customerName}\n`)).toBe(true);
    expect(text).toContain('Service,Quantity,Unit Price (USD),Total (USD)\n');
  });

  test('another customer’s invoice, a draft, a malformed id or no sign-in: nothing to download', async () => {
    for (const kind of ['pdf', 'html', 'csv']) {
      expect((await customer.get(`/api/billing/invoices/${foreign.id}/${kind}`)).status()).toBe(404);
      expect((await admin.get(`/api/billing/invoices/${foreign.id}/${kind}`)).status()).toBe(200);
      expect((await customer.get(`/api/billing/invoices/not-an-id/${kind}`)).status()).toBe(404);
      expect((await anonymous.get(`/api/billing/invoices/${own.id}/${kind}`)).status()).toBe(401);
    }

    // a draft of the customer's own: hidden from them, a DRAFT without a number for admins
    const created = await admin.post('/api/billing/invoices', {
      data: { customer_id: own.customer_id, items: [{ description: 'Documents e2e draft', quantity: '1', unit_price: '10' }] },
    });
    expect(created.status()).toBe(201);
    const draft = await created.json();
    expect((await customer.get(`/api/billing/invoices/${draft.id}/pdf`)).status()).toBe(404);
    expect((await customer.get(`/api/billing/invoices/${draft.id}/html`)).status()).toBe(404);
    const draftPdf = await admin.get(`/api/billing/invoices/${draft.id}/pdf`);
    expect(draftPdf.status()).toBe(200);
    expect(draftPdf.headers()['content-disposition']).toBe(`inline; filename="draft-${draft.id}.pdf"`);
    const draftHtml = await (await admin.get(`/api/billing/invoices/${draft.id}/html`)).text();
    expect(draftHtml).toContain('data-testid="draft-marker">DRAFT</div>');
    expect(draftHtml).toContain('Documents e2e draft');
  });

  test('admins export the issued invoices of a date range as CSV', async () => {
    const today = new Date();
    const to = utcDay(today);
    const from = utcDay(addUtcDays(today, -365)); // 366 days, both ends included: the longest range allowed
    const response = await admin.get(`/api/billing/invoices/export?from=${from}&to=${to}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="invoices-${from}-${to}.csv"`);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'invoice_number,issue_date,due_date,customer_name,customer_tax_id,currency,subtotal,tax_rate,tax_treatment,tax,total,amount_paid,amount_due,status,period_start,period_end,source',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((line) => line.startsWith(`${own.number},`) && line.includes(`,${DEMO.customer.customerName},`))).toBe(true);
    expect(lines.some((line) => line.includes('Documents e2e draft') || line.includes(',draft,'))).toBe(false);
  });

  test('the export is for admins only and refuses bad dates with 422 naming the field', async () => {
    expect((await customer.get('/api/billing/invoices/export?from=2026-01-01&to=2026-01-31')).status()).toBe(403);
    expect((await anonymous.get('/api/billing/invoices/export?from=2026-01-01&to=2026-01-31')).status()).toBe(401);

    const cases: [string, string][] = [
      ['', 'from'],
      ['from=2026-01-01', 'to'],
      ['from=01/01/2026&to=2026-01-31', 'from'],
      ['from=2026-01-01&to=2026-02-30', 'to'],
      ['from=2026-02-01&to=2026-01-31', 'to'],
      ['from=2025-01-01&to=2026-01-02', 'to'],
    ];
    for (const [query, field] of cases) {
      const response = await admin.get(`/api/billing/invoices/export?${query}`);
      expect(response.status(), query).toBe(422);
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      expect(error.details, query).toContainEqual(expect.objectContaining({ field }));
    }
  });
});
