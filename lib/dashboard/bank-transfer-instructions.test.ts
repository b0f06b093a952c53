import { describe, expect, it } from 'vitest';
import { bankTransferInstructions, formatIban } from './bank-transfer-instructions';

const seller = { name: 'Meterbill Demo Ltd', email: null, address_lines: [], country: null, tax_id: null };
const invoice = { id: 'a9e0c3f2-1111-4222-8333-944455556666', number: 'INV-2026-0042', amount_due: '254.50', currency: 'usd' };

describe('bankTransferInstructions', () => {
  it('gives the account holder, the IBAN grouped for reading and bare for copying, the BIC, the amount and the invoice number as reference', () => {
    expect(bankTransferInstructions({ seller, bank: { iban: 'be71 0961 2345 6769', bic: 'gkccbebb' } }, invoice)).toEqual({
      available: true,
      accountHolder: 'Meterbill Demo Ltd',
      iban: 'BE71 0961 2345 6769',
      ibanValue: 'BE71096123456769',
      bic: 'GKCCBEBB',
      amount: '254.50',
      currency: 'usd',
      reference: 'INV-2026-0042',
    });
  });

  it('says there is no account when the workspace has no IBAN, and shows no BIC it does not have', () => {
    expect(bankTransferInstructions({ seller, bank: { iban: null, bic: 'GKCCBEBB' } }, invoice)).toEqual({ available: false, amount: '254.50', currency: 'usd', reference: 'INV-2026-0042' });
    expect(bankTransferInstructions({ seller, bank: { iban: '  ', bic: null } }, invoice).available).toBe(false);
    expect(bankTransferInstructions({ seller, bank: { iban: 'NL91ABNA0417164300', bic: null } }, invoice)).toMatchObject({ available: true, bic: null, iban: 'NL91 ABNA 0417 1643 00' });
  });

  it('falls back to the invoice id as reference only for an invoice without a number', () => {
    expect(bankTransferInstructions({ seller, bank: { iban: null, bic: null } }, { ...invoice, number: null }).reference).toBe(invoice.id);
  });

  it('groups any IBAN length in fours', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(formatIban('BE71 0961 2345 6769')).toBe('BE71 0961 2345 6769');
  });
});
