// The audit entry of a failed charge, from our own attempt (process-payment.ts) or Stripe's
// (invoice.payment_failed): it queues the payment_failed email and webhook event, once per attempt.
import type { AuditEntry } from '@/lib/audit/write-audit-entries';

export function paymentFailedEntry(
  invoice: { id: string; customerId: string; number: string | null; amountDue: string; currency: string },
  failure: { attempt: number; code: string; message: string; nextAttemptAt: Date | null },
): AuditEntry {
  return {
    action: 'invoice.payment_failed',
    entityType: 'invoice',
    entityId: invoice.id,
    customerId: invoice.customerId,
    details: {
      number: invoice.number,
      amount: invoice.amountDue,
      currency: invoice.currency,
      attempt: failure.attempt,
      failure_code: failure.code,
      failure_message: failure.message,
      next_attempt_at: failure.nextAttemptAt?.toISOString() ?? null,
    },
  };
}
