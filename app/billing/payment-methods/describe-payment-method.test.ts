import { describe, expect, it } from 'vitest';
import { paymentMethodExpiry, paymentMethodName } from './describe-payment-method';

describe('paymentMethodName', () => {
  it('names cards by brand and last 4, mandates by their account’s last 4', () => {
    expect(paymentMethodName({ type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } })).toBe('Visa •••• 4242');
    expect(paymentMethodName({ type: 'card', card: { brand: 'amex', last4: '0005', exp_month: 1, exp_year: 2030 } })).toBe('American Express •••• 0005');
    expect(paymentMethodName({ type: 'card', card: { brand: 'newbrand', last4: null, exp_month: null, exp_year: null } })).toBe('Newbrand');
    expect(paymentMethodName({ type: 'sepa_debit', sepa_debit: { last4: '3000' } })).toBe('SEPA Direct Debit •••• 3000');
    expect(paymentMethodName({ type: 'us_bank_account' })).toBe('us bank account');
  });
  it('gives a card’s expiry as MM/YYYY and none for a mandate', () => {
    expect(paymentMethodExpiry({ card: { brand: 'visa', last4: '4242', exp_month: 3, exp_year: 2031 } })).toBe('Expires 03/2031');
    expect(paymentMethodExpiry({})).toBeNull();
  });
});
