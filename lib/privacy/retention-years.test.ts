// INVOICE_RETENTION_YEARS: read by the env module, 10 by default, and the cutoff it makes.
import { describe, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { EnvError, parseEnv } from '@/lib/env';
import { retentionCutoff } from './pseudonymize-expired-invoices';

describe('INVOICE_RETENTION_YEARS', () => {
  it('is 10 years unless set, and a whole number from 1 to 100', () => {
    expect(billingConfig(parseEnv({})).invoiceRetentionYears).toBe(10);
    expect(billingConfig(parseEnv({ INVOICE_RETENTION_YEARS: '7' })).invoiceRetentionYears).toBe(7);
    for (const bad of ['0', '101', '7.5', 'ten']) expect(() => parseEnv({ INVOICE_RETENTION_YEARS: bad })).toThrow(EnvError);
  });

  it('cuts off that many calendar years before the run, to the millisecond', () => {
    const now = new Date(Date.UTC(2036, 5, 15, 8, 30, 0, 250));
    expect(retentionCutoff(now, 10).toISOString()).toBe('2026-06-15T08:30:00.250Z');
  });
});
