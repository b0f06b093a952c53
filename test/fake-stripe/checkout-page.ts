// The hosted Checkout page a setup-mode session's `url` opens (`/checkout/:id`), without an API key
// as Stripe serves it: a small form to choose one of the fake's test payment methods and "Save". The
// POST completes the session (resources/checkout-sessions.ts) and redirects to its success_url with
// `{CHECKOUT_SESSION_ID}` replaced, as Stripe does; a card refused on check shows the error on the
// form again; "Cancel" goes to the cancel_url.
import type Stripe from 'stripe';
import type { FakeAccount } from './fake-account';
import { parseStripeForm } from './form-encoding';
import { TEST_PAYMENT_METHODS } from './resources/payment-methods';
import { completeCheckoutSession, offeredTestMethods } from './resources/checkout-sessions';

export type CheckoutPage = { status: number; contentType: string; body: string; location?: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** "Visa •••• 4242" for a test payment method. */
function describe(id: string): string {
  const spec = TEST_PAYMENT_METHODS[id]!;
  if (spec.sepaDebit) return `SEPA Direct Debit ${spec.sepaDebit.country}•••• ${spec.sepaDebit.last4}`;
  const brand = spec.card!.brand;
  return `${brand.charAt(0).toUpperCase()}${brand.slice(1)} •••• ${spec.card!.last4}`;
}

function page(title: string, content: string, status = 200): CheckoutPage {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1e293b}fieldset{border:1px solid #cbd5e1;border-radius:.5rem;padding:.75rem 1rem}label{display:block;padding:.25rem 0}button{margin-top:1rem;padding:.5rem 1rem;font-weight:600}[role=alert]{color:#991b1b;border:1px solid #fecaca;background:#fef2f2;padding:.5rem .75rem;border-radius:.5rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
  return { status, contentType: 'text/html; charset=utf-8', body };
}

function form(session: Stripe.Checkout.Session, chosen: string, error: string | null, status = 200): CheckoutPage {
  const options = offeredTestMethods(session)
    .map((id) => `<label><input type="radio" name="payment_method" value="${escapeHtml(id)}"${id === chosen ? ' checked' : ''}> ${escapeHtml(describe(id))} <small>(${escapeHtml(id)})</small></label>`)
    .join('');
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : '';
  return page(
    'Save a payment method',
    `<p>Test mode: choose one of the fake Stripe server's test payment methods. It is saved for future payments.</p>
${error ? `<p role="alert" data-testid="checkout-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}"><fieldset><legend>Payment method</legend>${options}</fieldset><button type="submit">Save</button></form>${cancel}`,
    status,
  );
}

const redirect = (location: string): CheckoutPage => ({ status: 303, contentType: 'text/plain; charset=utf-8', body: `Redirecting to ${location}`, location });

/** The page for `/checkout/:id` (GET shows it, POST saves), or null when the path is not one. */
export function checkoutPage(account: FakeAccount, method: string, path: string, rawBody: string): CheckoutPage | null {
  const match = /^\/checkout\/([^/]+)$/.exec(path);
  if (!match || (method !== 'GET' && method !== 'POST')) return null;
  const session = account.state.checkoutSessions.get(decodeURIComponent(match[1]!));
  if (!session) return page('This page is not available', '<p>No such Checkout Session.</p>', 404);
  if (session.status === 'complete') {
    const back = session.success_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
    return page('Already saved', `<p>This Checkout Session is complete.</p>${back ? `<p><a href="${escapeHtml(back)}">Return to the merchant</a></p>` : ''}`);
  }
  if (session.status === 'expired') return page('This page has expired', '<p>This Checkout Session has expired.</p>', 410);

  const offered = offeredTestMethods(session);
  if (method === 'GET') return form(session, offered[0]!, null);
  const chosen = parseStripeForm(rawBody).payment_method;
  if (typeof chosen !== 'string' || !offered.includes(chosen)) return form(session, offered[0]!, 'Choose a payment method.', 400);
  const { error } = completeCheckoutSession(account, session.id, chosen);
  if (error) return form(session, chosen, error.message, 402);
  return redirect(session.success_url!.replaceAll('{CHECKOUT_SESSION_ID}', session.id));
}
