// How a saved card or SEPA mandate is named on the page: "Visa •••• 4242", "expires 12/2034".
import type { listPaymentMethods } from '@/lib/payments/list-payment-methods';

export type PaymentMethodView = Awaited<ReturnType<typeof listPaymentMethods>>[number];

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};

/** "Visa •••• 4242", "SEPA Direct Debit •••• 3000"; a method of another kind by its type. */
export function paymentMethodName(method: Pick<PaymentMethodView, 'type' | 'card' | 'sepa_debit'>): string {
  if (method.type === 'card') {
    const brand = method.card?.brand ? (BRANDS[method.card.brand] ?? method.card.brand.charAt(0).toUpperCase() + method.card.brand.slice(1)) : 'Card';
    return method.card?.last4 ? `${brand} •••• ${method.card.last4}` : brand;
  }
  if (method.type === 'sepa_debit') return method.sepa_debit?.last4 ? `SEPA Direct Debit •••• ${method.sepa_debit.last4}` : 'SEPA Direct Debit';
  return method.type.replace(/_/g, ' ');
}

/** "Expires 12/2034" for a card; null when it has no expiry (a mandate). */
export function paymentMethodExpiry(method: Pick<PaymentMethodView, 'card'>): string | null {
  const month = method.card?.exp_month;
  const year = method.card?.exp_year;
  return month && year ? `Expires ${String(month).padStart(2, '0')}/${year}` : null;
}
