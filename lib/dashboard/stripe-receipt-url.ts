import 'server-only';
// Stripe keeps a receipt page for each successful charge (`charge.receipt_url`); we store only the
// charge id, so the paid invoice's page asks for the link. Optional: a receipt that cannot be fetched
// now (Stripe down, the charge gone) leaves the page with our own receipt and no link.
import type Stripe from 'stripe';

export async function stripeReceiptUrl(stripe: Stripe | null, chargeId: string | null): Promise<string | null> {
  if (!stripe || !chargeId) return null;
  try {
    const charge = await stripe.charges.retrieve(chargeId);
    return charge.receipt_url ?? null;
  } catch (error) {
    console.warn(`[invoices] no Stripe receipt for charge ${chargeId}: ${(error as Error).message}`);
    return null;
  }
}
