// composeEmail on a real database: outbox rows queued by the product's own functions (finalizing an
// invoice, a credit note, a payment) made into messages, with the recipients, the way to pay and the
// PDFs they carry.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { customers, invoices, notificationOutbox, workspaces } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { recordPayment } from '@/lib/payments/record-payment';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { describeEachEngine } from '@/test/test-database';
import { composeEmail, type ComposeEmailContext, type OutboxMessage } from './compose-email';
import { queueNotifications } from './queue-notifications';

const NOW = new Date('2026-12-01T09:00:00Z');
const ACTOR: Actor = { type: 'system', id: null };
const APP_URL = 'https://billing.vigint.example';
const IBAN = 'FR7630006000011234567890189';
const BIC = 'AGRIFRPP';

describeEachEngine('composeEmail', (get) => {
  let workspace: Workspace;
  let config: BillingConfig;
  let cardInvoiceId: string;
  let bankInvoiceId: string;
  let ctx: (over?: Partial<ComposeEmailContext>) => ComposeEmailContext;

  async function outboxRow(where: { template: string; invoiceId?: string; creditNoteId?: string; dedupeKey?: string }): Promise<OutboxMessage> {
    const conditions = [eq(notificationOutbox.channel, 'email'), eq(notificationOutbox.template, where.template)];
    if (where.invoiceId) conditions.push(eq(notificationOutbox.invoiceId, where.invoiceId));
    if (where.creditNoteId) conditions.push(eq(notificationOutbox.creditNoteId, where.creditNoteId));
    if (where.dedupeKey) conditions.push(eq(notificationOutbox.dedupeKey, where.dedupeKey));
    const rows = await get().db.select().from(notificationOutbox).where(and(...conditions));
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  beforeAll(async () => {
    const database = get();
    const { db } = database;
    // the workspace's branding, bank account and operators, as its settings store them
    const [updated] = await database.installation.db
      .update(workspaces)
      .set({
        companyName: 'Vigint SAS',
        companyEmail: 'billing@vigint.example',
        companyAddressLines: ['12 Rue de la Paix', '75002 Paris', 'France'],
        bankIban: IBAN,
        bankBic: BIC,
        brandColor: '#0E7490',
        adminAlertEmails: ['ops@vigint.example', 'cfo@vigint.example'],
      })
      .where(eq(workspaces.id, database.workspaceId))
      .returning();
    workspace = updated!;
    config = workspaceConfig(workspace, parseEnv({}));
    ctx = (over = {}) => ({ workspace, config, appUrl: APP_URL, withAttachments: true, ...over });

    const card = await createCustomer(
      db,
      { name: 'Globex Corporation', email: 'contact@globex.example', currency: 'eur', country: 'NL', payment_method: 'card' },
      { actor: ACTOR, now: NOW, defaultCurrency: 'eur' },
    );
    // billing mail goes to accounts payable; the customer pays by card through Stripe
    await db.update(customers).set({ billingEmails: ['ap@globex.example', 'cfo@globex.example'], stripeCustomerId: 'cus_compose_email_1' }).where(eq(customers.id, card.id));
    const bank = await createCustomer(
      db,
      { name: 'Initech GmbH', email: 'finance@initech.example', currency: 'eur', country: 'DE', payment_method: 'bank_transfer' },
      { actor: ACTOR, now: NOW, defaultCurrency: 'eur' },
    );

    const items = [
      { description: 'RTSP Streaming', quantity: '1000', unit_price: '0.0010' },
      { description: 'API Calls', quantity: '5000', unit_price: '0.0005' },
    ];
    const invoiceCtx = { now: NOW, config, actor: ACTOR };
    cardInvoiceId = (await createOneTimeInvoice(db, { customer_id: card.id, items, due_days: 14, finalize: true }, invoiceCtx)).id;
    bankInvoiceId = (await createOneTimeInvoice(db, { customer_id: bank.id, items, due_days: 14, finalize: true }, invoiceCtx)).id;
  });

  it('mails an issued invoice to the customer’s billing emails, with a pay link and its PDF', async () => {
    const message = await outboxRow({ template: 'invoice_issued', invoiceId: cardInvoiceId });
    const [invoice] = await get().db.select().from(invoices).where(eq(invoices.id, cardInvoiceId));
    const number = invoice!.number!;
    const email = await composeEmail(get().db, message, ctx());

    expect(email.to).toEqual(['ap@globex.example', 'cfo@globex.example']);
    // €3.50 + 21% VAT €0.74 = €4.24, due 14 days after Dec 1
    expect(email.subject).toBe(`Invoice ${number} from Vigint SAS: €4.24 due Dec 15, 2026`);
    expect(email.text).toMatch(/^Total +€4\.24$/m);
    expect(email.html).toContain('#0e7490');
    expect(email.html).toContain('Vigint SAS');
    expect(email.text).toContain(`Pay €4.24 ${APP_URL}/billing/invoices/${cardInvoiceId}`);
    expect(email.text).not.toContain(IBAN);
    expect(email.text).toContain(`The invoice is attached as ${number}.pdf.`);
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]!.filename).toBe(`${number}.pdf`);
    expect(email.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('links to Stripe’s hosted page once the invoice is mirrored there', async () => {
    const { db } = get();
    await db.update(invoices).set({ hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_test/inv_compose' }).where(eq(invoices.id, cardInvoiceId));
    try {
      const email = await composeEmail(db, await outboxRow({ template: 'invoice_issued', invoiceId: cardInvoiceId }), ctx({ withAttachments: false }));
      expect(email.html).toContain('href="https://invoice.stripe.com/i/acct_test/inv_compose"');
    } finally {
      await db.update(invoices).set({ hostedInvoiceUrl: null }).where(eq(invoices.id, cardInvoiceId));
    }
  });

  it('gives a bank-transfer customer the workspace’s bank details, the amount and the invoice number as reference', async () => {
    const message = await outboxRow({ template: 'invoice_issued', invoiceId: bankInvoiceId });
    const [invoice] = await get().db.select().from(invoices).where(eq(invoices.id, bankInvoiceId));
    // without a Resend key the message is only rendered and kept: no PDF is drawn, its name still said
    const email = await composeEmail(get().db, message, ctx({ withAttachments: false }));
    expect(email.to).toEqual(['finance@initech.example']);
    expect(email.text).toMatch(new RegExp(`^IBAN +${IBAN}$`, 'm'));
    expect(email.text).toMatch(new RegExp(`^BIC +${BIC}$`, 'm'));
    expect(email.text).toMatch(/^Amount +€4\.24$/m);
    expect(email.text).toMatch(new RegExp(`^Payment reference +${invoice!.number}$`, 'm'));
    expect(email.text).not.toContain('/billing/invoices/');
    expect(email.attachments).toEqual([]);
    expect(email.text).toContain(`The invoice is attached as ${invoice!.number}.pdf.`);
  });

  it('writes a receipt from the payment the product recorded', async () => {
    const { db } = get();
    await recordPayment(db, bankInvoiceId, { method: 'bank_transfer', reference: 'SEPA-20261203-77' }, { now: new Date('2026-12-03T10:00:00Z'), config, actor: ACTOR });
    const email = await composeEmail(db, await outboxRow({ template: 'payment_succeeded', invoiceId: bankInvoiceId }), ctx());
    expect(email.subject).toMatch(/^Receipt for invoice .+: €4\.24 paid$/);
    expect(email.text).toMatch(/^Payment method +Bank transfer$/m);
    expect(email.text).toMatch(/^Payment date +Dec 3, 2026$/m);
    expect(email.text).toMatch(/^Reference +SEPA-20261203-77$/m);
    expect(email.attachments).toEqual([]);
  });

  it('attaches the credit note’s own PDF, named after the credit note', async () => {
    const { db } = get();
    const note = await createCreditNote(db, cardInvoiceId, { reason: 'Stream outage on Nov 12', amount: '1.00' }, { now: new Date('2026-12-05T00:00:00Z'), config, actor: ACTOR });
    const message = await outboxRow({ template: 'credit_note_issued', creditNoteId: note.id });
    const email = await composeEmail(db, message, ctx());
    expect(email.to).toEqual(['ap@globex.example', 'cfo@globex.example']);
    // €1.00 + 21% = €1.21 off €4.24
    expect(email.subject).toMatch(new RegExp(`^Credit note ${note.number} from Vigint SAS: €1\\.21 for invoice `));
    expect(email.text).toMatch(/^Reason +Stream outage on Nov 12$/m);
    expect(email.text).toMatch(/^Now due on .+ +€3\.03$/m);
    expect(email.attachments.map((a) => a.filename)).toEqual([`${note.number}.pdf`]);
    const pdf = email.attachments[0]!.content;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the credit note's document, not the invoice's: its title names the credit note
    expect(pdf.toString('latin1')).toContain(`Credit note ${note.number}`);
  });

  it('sends operator alerts to the workspace’s admin alert emails, else the seller’s email, and refuses a message nobody can receive', async () => {
    const { db } = get();
    await queueNotifications(db, [
      { channel: 'email', template: 'admin_alert', dedupeKey: 'admin_alert:compose-test', payload: { title: 'Billing run failed', message: 'Two customers failed.', link: '/admin' } },
      { channel: 'email', template: 'admin_alert', dedupeKey: 'admin_alert:fixed', payload: { title: 'Fixed recipients', message: 'To whom the row says.' }, toEmails: ['oncall@vigint.example'] },
      { channel: 'email', template: 'budget_alert', dedupeKey: 'budget_alert:compose-test', payload: { title: 'Spend passed €1,000.00', value: '1210.4', threshold: '1000', currency: 'eur', percent: 121.04 } },
    ]);
    const alert = await outboxRow({ template: 'admin_alert', dedupeKey: 'admin_alert:compose-test' });
    const email = await composeEmail(db, alert, ctx());
    expect(email.to).toEqual(['ops@vigint.example', 'cfo@vigint.example']);
    expect(email.subject).toBe('[Vigint SAS] Billing run failed');
    expect(email.text).toContain(`Take a look ${APP_URL}/admin`);

    expect((await composeEmail(db, await outboxRow({ template: 'admin_alert', dedupeKey: 'admin_alert:fixed' }), ctx())).to).toEqual(['oncall@vigint.example']);

    // a budget alert without a customer is the admins' too
    const budget = await composeEmail(db, await outboxRow({ template: 'budget_alert', dedupeKey: 'budget_alert:compose-test' }), ctx());
    expect(budget.to).toEqual(['ops@vigint.example', 'cfo@vigint.example']);
    expect(budget.text).toMatch(/^Current +€1,210\.40$/m);

    const noAdmins = { ...workspace, adminAlertEmails: [] };
    expect((await composeEmail(db, alert, ctx({ workspace: noAdmins }))).to).toEqual(['billing@vigint.example']);
    const nobody = { ...config, seller: { ...config.seller, email: null } };
    await expect(composeEmail(db, alert, ctx({ workspace: noAdmins, config: nobody }))).rejects.toThrow(/admin_alert email has no recipient/);
  });

  it('lists the invoices to pay in an account_suspended email', async () => {
    const { db } = get();
    const [card] = await db.select().from(invoices).where(eq(invoices.id, cardInvoiceId));
    await queueNotifications(db, [{ channel: 'email', template: 'account_suspended', dedupeKey: 'account_suspended:compose-test', customerId: card!.customerId, payload: { grace_days: 14 } }]);
    const email = await composeEmail(db, await outboxRow({ template: 'account_suspended', dedupeKey: 'account_suspended:compose-test' }), ctx());
    expect(email.to).toEqual(['ap@globex.example', 'cfo@globex.example']);
    expect(email.text).toMatch(new RegExp(`^Invoice ${card!.number} +€3\\.03$`, 'm'));
    expect(email.text).toContain(`View and pay your invoices ${APP_URL}/billing/invoices`);
  });

  it('refuses a webhook row, another workspace’s row and a malformed payload, with a sentence to record', async () => {
    const message = await outboxRow({ template: 'admin_alert', dedupeKey: 'admin_alert:compose-test' });
    await expect(composeEmail(get().db, { ...message, channel: 'webhook' }, ctx())).rejects.toThrow(/is a webhook event, not an email/);
    await expect(composeEmail(get().db, { ...message, workspaceId: '00000000-0000-4000-8000-0000000000ff' }, ctx())).rejects.toThrow(/belongs to another workspace/);
    await expect(composeEmail(get().db, { ...message, payload: { title: 'No message' } }, ctx())).rejects.toThrow(/payload is not valid: message/);
  });
});
