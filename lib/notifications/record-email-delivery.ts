// What Resend's delivery webhooks say about an email we sent: the outbox row's delivery_status, and for
// a hard bounce or a spam complaint, the customer whose mail is not reaching them.
//
// Resend delivers at least once and in no guaranteed order, so the update converges: a status only
// gives way to one at least as far along (a late `delivered` never undoes a `bounced`), an event older
// than the one recorded is ignored, and the same event twice changes nothing the second time (so the
// customer's bounce is audited once per message).
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Database } from '@/lib/db/client';
import { customers, notificationOutbox, type EMAIL_DELIVERY_STATUSES } from '@/lib/db/schema';

export type EmailDeliveryStatus = (typeof EMAIL_DELIVERY_STATUSES)[number];

/** Resend's event types that change a message's delivery status (others are acknowledged and left alone). */
export const DELIVERY_STATUS_OF_EVENT = {
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'delivery_delayed',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
} as const satisfies Record<string, EmailDeliveryStatus>;

export type DeliveryEventType = keyof typeof DELIVERY_STATUS_OF_EVENT;

export function isDeliveryEventType(type: string): type is DeliveryEventType {
  return Object.hasOwn(DELIVERY_STATUS_OF_EVENT, type);
}

/** One of Resend's delivery events, as receiveResendWebhook reads it. */
export type EmailDeliveryEvent = {
  type: DeliveryEventType;
  /** the event's own time (its created_at): what orders events, never the time it arrived */
  at: Date;
  /** Resend's id of the email, our provider_message_id */
  emailId: string;
  /** the recipients the event is about */
  to: string[];
  /** email.bounced only; `type` Permanent is a hard bounce, Transient and Undetermined are not */
  bounce: { type: string; subType: string | null; message: string | null } | null;
};

export type EmailDeliveryOutcome =
  /** no email of ours has this Resend id (another app on the account, or an erased message) */
  | { found: false }
  | { found: true; workspaceId: string; messageId: string; changed: boolean; customerBounced: boolean };

/** How far along a message is: a status never gives way to one ranked lower. */
const RANK: Record<EmailDeliveryStatus, number> = { delivery_delayed: 1, delivered: 2, bounced: 3, complained: 3 };

const RESEND_ACTOR: Actor = { type: 'system', id: 'resend' };
const MAX_REASON_LENGTH = 500;

/** Whether `next` tells something the recorded state does not: newer, not backwards, not the same event again. */
export function supersedes(recorded: { status: EmailDeliveryStatus | null; at: Date | null }, next: { status: EmailDeliveryStatus; at: Date }): boolean {
  if (recorded.status === null || recorded.at === null) return true;
  if (next.at.getTime() < recorded.at.getTime()) return false;
  if (RANK[next.status] < RANK[recorded.status]) return false;
  // the same status at the same instant is a repeated delivery of the same event
  return !(next.status === recorded.status && next.at.getTime() === recorded.at.getTime());
}

/** A hard bounce or a complaint: mail to this address is not wanted or not possible. */
function marksCustomer(event: EmailDeliveryEvent): boolean {
  return event.type === 'email.complained' || (event.type === 'email.bounced' && event.bounce?.type === 'Permanent');
}

function bounceReason(event: EmailDeliveryEvent, recipients: string[]): string {
  const who = recipients.join(', ');
  const reason =
    event.type === 'email.complained'
      ? `Marked as spam by ${who}`
      : `Hard bounce${event.bounce?.subType ? ` (${event.bounce.subType})` : ''} for ${who}${event.bounce?.message ? `: ${event.bounce.message}` : ''}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/**
 * Records the event on the message Resend knows as `event.emailId`, in that message's workspace. The
 * message is found across workspaces on the installation connection (the id is unique, and the
 * webhook has no workspace of its own, as a Stripe event is routed by its account); the update then
 * runs in that workspace's scope.
 */
export async function recordEmailDelivery(database: Database, event: EmailDeliveryEvent, { now }: { now: Date }): Promise<EmailDeliveryOutcome> {
  const [owner] = await database.installation.db
    .select({ id: notificationOutbox.id, workspaceId: notificationOutbox.workspaceId })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.providerMessageId, event.emailId), eq(notificationOutbox.channel, 'email')));
  if (!owner) return { found: false };

  const { db } = database.inWorkspace(owner.workspaceId);
  return db.transaction(async (tx) => {
    // locked, so two deliveries of events about one message are decided one after the other
    const [message] = await tx.select().from(notificationOutbox).where(eq(notificationOutbox.id, owner.id)).for('update');
    if (!message) return { found: false };
    const status = DELIVERY_STATUS_OF_EVENT[event.type];
    const unchanged = { found: true, workspaceId: owner.workspaceId, messageId: message.id, changed: false, customerBounced: false } as const;
    if (!supersedes({ status: message.deliveryStatus, at: message.deliveryUpdatedAt }, { status, at: event.at })) return unchanged;

    await tx.update(notificationOutbox).set({ deliveryStatus: status, deliveryUpdatedAt: event.at, updatedAt: now }).where(eq(notificationOutbox.id, message.id));
    if (!marksCustomer(event) || !message.customerId) return { ...unchanged, changed: true };

    const recipients = event.to.length > 0 ? event.to : message.toEmails;
    const reason = bounceReason(event, recipients);
    // the newest bounce is the one the customer shows; an older one (another message's) does not replace it
    await tx
      .update(customers)
      .set({ emailBouncedAt: event.at, emailBounceReason: reason, updatedAt: now })
      .where(and(eq(customers.id, message.customerId), or(isNull(customers.emailBouncedAt), lte(customers.emailBouncedAt, event.at))));
    await writeAuditEntries(tx, RESEND_ACTOR, [
      {
        action: 'customer.email_bounced',
        entityType: 'customer',
        entityId: message.customerId,
        customerId: message.customerId,
        details: {
          email_id: message.id,
          provider_message_id: event.emailId,
          event: event.type,
          bounce_type: event.bounce?.type ?? null,
          bounce_sub_type: event.bounce?.subType ?? null,
          // how many, not who: the audit log outlives an erasure of the customer's addresses
          recipient_count: recipients.length,
          reason: bounceReason(event, [recipients.length === 1 ? 'the recipient' : `${recipients.length} recipients`]),
          at: event.at.toISOString(),
        },
      },
    ]);
    return { ...unchanged, changed: true, customerBounced: true };
  });
}
