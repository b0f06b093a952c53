import { describe, expect, it } from 'vitest';
import { notificationsForAudit } from './audit-notifications';
import { EMAIL_TYPES, WEBHOOK_EVENT_TYPES } from './notification-types';

const invoice = '11111111-1111-4111-8111-111111111111';
const customer = '22222222-2222-4222-8222-222222222222';

describe('the notifications an audit entry stands for', () => {
  it('an invoice finalized with money due: the invoice email and invoice.finalized, keyed once per invoice', () => {
    const messages = notificationsForAudit([
      { action: 'invoice.finalized', entityType: 'invoice', entityId: invoice, customerId: customer, details: { number: 'INV-1', status: 'open' } },
    ]);
    expect(messages).toEqual([
      { channel: 'email', template: 'invoice_issued', dedupeKey: `invoice_issued:${invoice}`, customerId: customer, invoiceId: invoice, creditNoteId: null, payload: { number: 'INV-1', status: 'open' } },
      {
        channel: 'webhook',
        template: 'invoice.finalized',
        dedupeKey: `invoice.finalized:${invoice}`,
        customerId: customer,
        invoiceId: invoice,
        creditNoteId: null,
        payload: { number: 'INV-1', status: 'open', object_id: invoice },
      },
    ]);
  });

  it('an invoice finalized with nothing due (paid by credit) sends no invoice email, but the event still happens', () => {
    const messages = notificationsForAudit([{ action: 'invoice.finalized', entityType: 'invoice', entityId: invoice, customerId: customer, details: { status: 'paid' } }]);
    expect(messages.map((m) => m.template)).toEqual(['invoice.finalized']);
  });

  it('a failed charge is told once per attempt; an update or a suspension each time it happens', () => {
    const failed = (attempt: number) =>
      notificationsForAudit([{ action: 'invoice.payment_failed', entityType: 'invoice', entityId: invoice, customerId: customer, details: { attempt } }]).map((m) => m.dedupeKey);
    expect(failed(1)).toEqual(failed(1));
    expect(failed(1)).not.toEqual(failed(2));
    const suspended = () => notificationsForAudit([{ action: 'customer.suspended', entityType: 'customer', entityId: customer, customerId: customer }]);
    expect(suspended().map((m) => m.template)).toEqual(['account_suspended', 'customer.suspended']);
    expect(suspended()[0]!.dedupeKey).not.toEqual(suspended()[0]!.dedupeKey);
  });

  it('history written after the fact (the seed’s `at`) and actions nobody outside hears of queue nothing', () => {
    expect(notificationsForAudit([{ action: 'invoice.finalized', entityType: 'invoice', entityId: invoice, details: { status: 'open' }, at: new Date(0) }])).toEqual([]);
    expect(notificationsForAudit([{ action: 'plan.created', entityType: 'plan', entityId: 'p' }, { action: 'api_key.revoked', entityType: 'api_key', entityId: 'k' }])).toEqual([]);
  });

  it('every webhook event type but alert.triggered, and every customer email but the monitoring ones, comes from some audit action', () => {
    const all = [
      'invoice.finalized', 'invoice.paid', 'invoice.marked_paid', 'invoice.voided', 'invoice.overdue', 'invoice.payment_failed', 'credit_note.created', 'customer.created',
      'customer.updated', 'customer.suspended', 'customer.reactivated', 'customer.payment_method_requested', 'subscription.created', 'subscription.plan_changed',
      'subscription.cancel_scheduled', 'subscription.resumed', 'subscription.ended',
    ].flatMap((action) => notificationsForAudit([{ action, entityType: action.split('.')[0]!, entityId: 'x', details: { status: 'open', attempt: 1, invoice_id: invoice } }]));
    const templates = new Set(all.map((m) => m.template));
    expect(WEBHOOK_EVENT_TYPES.filter((t) => !templates.has(t))).toEqual(['alert.triggered']);
    expect(EMAIL_TYPES.filter((t) => !templates.has(t))).toEqual(['upcoming_invoice', 'usage_alert', 'budget_alert', 'admin_alert']);
  });
});
