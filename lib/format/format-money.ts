// How money reads on every page and document: amounts to the currency's minor unit, unit prices with
// every digit they carry. The digits come from our ISO 4217 table (lib/billing/money.ts), never from
// Intl's own idea of the currency, so the display never shows a different number of digits than we bill.
import type Decimal from 'decimal.js';
import { toExact } from '@/lib/billing/exact-decimal';
import { minorUnitDigits, moneyString, type Currency } from '@/lib/billing/money';

/** An amount rounded to the currency's minor unit: "$254.50", "¥1,000", "254,50 €" (de-DE). */
export function formatMoney(amount: Decimal.Value, currency: Currency, locale = 'en-US'): string {
  const digits = minorUnitDigits(currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl accepts numeric strings exactly; going through Number() would lose digits on large amounts.
  return formatter.format(moneyString(amount, currency) as `${number}`);
}

/**
 * A unit price with every digit it carries (€0.0005 stays €0.0005) and at least the currency's minor
 * digits ($450.00). formatMoney would round it to the minor unit, which is right for amounts and wrong
 * for six-decimal prices.
 */
export function formatUnitPrice(amount: Decimal.Value, currency: Currency, locale = 'en-US'): string {
  const exact = toExact(amount, 'unit_price');
  const minor = minorUnitDigits(currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: minor,
    maximumFractionDigits: Math.max(minor, exact.decimalPlaces()),
  });
  return formatter.format(exact.toFixed() as `${number}`);
}
