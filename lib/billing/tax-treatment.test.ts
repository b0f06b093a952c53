import { describe, expect, it } from 'vitest';
import { taxTreatment } from './tax-treatment';

describe('taxTreatment', () => {
  it('uses the customer’s own rate, else the configured default', () => {
    expect(taxTreatment({ taxExempt: false, taxId: null, taxRate: '0.19' }, '0.21')).toEqual({ treatment: 'standard', rate: '0.19' });
    expect(taxTreatment({ taxExempt: false, taxId: 'DE123', taxRate: null }, '0.21')).toEqual({ treatment: 'standard', rate: '0.21' });
    expect(taxTreatment({ taxExempt: false, taxId: null, taxRate: '0' }, '0.21')).toEqual({ treatment: 'standard', rate: '0' });
  });

  it('marks an exempt business with a VAT id as reverse charge, and exempt without one as exempt', () => {
    expect(taxTreatment({ taxExempt: true, taxId: 'SE556677889901', taxRate: '0.25' }, '0.21')).toEqual({ treatment: 'reverse_charge', rate: '0' });
    expect(taxTreatment({ taxExempt: true, taxId: null, taxRate: null }, '0.21')).toEqual({ treatment: 'exempt', rate: '0' });
  });
});
