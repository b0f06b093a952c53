// Reading the fields of Stripe objects the same way everywhere: expandable ids, Unix timestamps and the
// ids of ours that we write into Stripe metadata.
import type Stripe from 'stripe';
import { z } from 'zod';

const uuid = z.uuid();

/** The id of an expandable field, whether Stripe sent the id or the expanded object. */
export function stripeIdOf(value: string | { id: string } | null | undefined): string | null {
  return typeof value === 'string' ? value : (value?.id ?? null);
}

/** A Stripe timestamp (Unix seconds) as a Date; null or 0 (unset) as null. */
export function fromUnixSeconds(seconds: number | null | undefined): Date | null {
  return seconds ? new Date(seconds * 1000) : null;
}

/** An id of ours that we wrote into a Stripe object's metadata (mirroring's invoice_id, setup-subscription's subscription_id). */
export function ourIdInMetadata(metadata: Stripe.Metadata | null | undefined, key: 'invoice_id' | 'subscription_id'): string | null {
  const value = metadata?.[key];
  return value && uuid.safeParse(value).success ? value : null;
}
