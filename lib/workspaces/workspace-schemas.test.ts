// What a workspace body may say: slugs, settings in their exact shapes, unknown fields refused by
// name, and only the fields present turned into columns.
import { describe, expect, it } from 'vitest';
import { apiError } from '@/test/api-error';
import { assertAnotherOwnerRemains } from './last-owner';
import { addMemberSchema, createWorkspaceSchema, toWorkspaceColumns, updateWorkspaceSchema, workspaceSlugSchema } from './workspace-schemas';

const fails = (work: () => unknown) => apiError(Promise.resolve().then(work));

describe('workspace slugs', () => {
  it('takes lowercase letters, digits and dashes, 1 to 40, not starting with a dash', () => {
    for (const slug of ['a', 'vigint', 'acme-eu', '2nd-brand', 'a'.repeat(40)]) expect(workspaceSlugSchema.safeParse(slug).success).toBe(true);
    for (const slug of ['', '-acme', 'Acme', 'acme_eu', 'acme eu', 'a'.repeat(41), 'acmé']) expect(workspaceSlugSchema.safeParse(slug).success).toBe(false);
  });
});

describe('creating a workspace', () => {
  it('needs a slug and a name; every setting is optional', async () => {
    expect(createWorkspaceSchema.parse({ slug: 'vigint', name: ' Vigint B.V. ' })).toEqual({ slug: 'vigint', name: 'Vigint B.V.' });
    const missing = await fails(() => createWorkspaceSchema.parse({}));
    expect(missing).toMatchObject({ status: 422 });
    expect(missing.fields.sort()).toEqual(['name', 'slug']);
  });

  it('normalises codes and bank details and keeps money rates as strings', () => {
    const body = createWorkspaceSchema.parse({
      slug: 'vigint',
      name: 'Vigint',
      default_currency: 'EUR',
      default_tax_rate: '0.21',
      bank: { iban: 'nl91 abna 0417 1643 00', bic: 'abnanl2a' },
      company: { name: 'Vigint B.V.', email: 'billing@vigint.example', address_lines: ['Keizersgracht 1', 'Netherlands'], tax_id: 'NL123456789B01' },
      email_from: 'Vigint Billing <billing@vigint.example>',
      stripe_account_id: 'acct_1Nv0FGQ9RKHgCVdK',
      payment_terms_days: 30,
    });
    expect(body).toMatchObject({ default_currency: 'eur', default_tax_rate: '0.21', bank: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' }, payment_terms_days: 30 });
  });

  it('refuses unknown fields by name, nested ones too', async () => {
    const error = await fails(() => createWorkspaceSchema.parse({ slug: 'x', name: 'X', colour: 'red', company: { nmae: 'X' }, bank: { swift: 'X' } }));
    expect(error.status).toBe(422);
    expect(error.fields.sort()).toEqual(['bank.swift', 'colour', 'company.nmae']);
    expect(error.messages).toEqual(['unknown field', 'unknown field', 'unknown field']);
  });

  it('checks numbering formats with the invoice-number helpers, before the first invoice needs them', async () => {
    expect(createWorkspaceSchema.parse({ slug: 'x', name: 'X', invoice_number_format: 'VIG-{year}-{number:05d}', credit_note_number_format: 'VCN{number}' })).toMatchObject({
      invoice_number_format: 'VIG-{year}-{number:05d}',
    });
    const noNumber = await fails(() => createWorkspaceSchema.parse({ slug: 'x', name: 'X', invoice_number_format: 'VIG-{year}' }));
    expect(noNumber.fields).toEqual(['invoice_number_format']);
    expect(noNumber.messages[0]).toContain('no {number}');
    const typo = await fails(() => createWorkspaceSchema.parse({ slug: 'x', name: 'X', credit_note_number_format: 'CN-{yaer}-{number}' }));
    expect(typo.fields).toEqual(['credit_note_number_format']);
    expect(typo.messages[0]).toContain('{yaer}');
  });

  it('refuses rates that are not fractions, odd senders, Stripe ids and terms out of range', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ default_tax_rate: '21' }, 'default_tax_rate'],
      [{ default_tax_rate: '1' }, 'default_tax_rate'],
      [{ default_tax_rate: 0.21 }, 'default_tax_rate'],
      [{ default_currency: 'euro' }, 'default_currency'],
      [{ email_from: 'Billing <not an address>' }, 'email_from'],
      [{ email_from: 'billing' }, 'email_from'],
      [{ stripe_account_id: 'cus_123' }, 'stripe_account_id'],
      [{ payment_terms_days: 366 }, 'payment_terms_days'],
      [{ payment_terms_days: 1.5 }, 'payment_terms_days'],
      [{ bank: { iban: 'NL91' } }, 'bank.iban'],
      [{ company: { email: 'nope' } }, 'company.email'],
    ];
    for (const [settings, field] of cases) {
      const error = await fails(() => createWorkspaceSchema.parse({ slug: 'x', name: 'X', ...settings }));
      expect(error.fields, JSON.stringify(settings)).toEqual([field]);
    }
    expect(createWorkspaceSchema.parse({ slug: 'x', name: 'X', email_from: 'billing@x.example' }).email_from).toBe('billing@x.example');
  });
});

describe('changing a workspace', () => {
  it('names at least one field, never the slug, and takes null as “back to the default”', async () => {
    expect((await fails(() => updateWorkspaceSchema.parse({}))).status).toBe(422);
    expect((await fails(() => updateWorkspaceSchema.parse({ slug: 'renamed' }))).fields).toContain('slug');
    expect(updateWorkspaceSchema.parse({ default_currency: null, company: { name: null } })).toEqual({ default_currency: null, company: { name: null } });
  });

  it('turns only the fields present into columns, and names them for the audit log', () => {
    expect(toWorkspaceColumns(updateWorkspaceSchema.parse({ company: { email: 'a@b.example' }, default_tax_rate: null, bank: { bic: 'ABNANL2A' } }))).toEqual({
      columns: { companyEmail: 'a@b.example', defaultTaxRate: null, bankBic: 'ABNANL2A' },
      fields: ['company.email', 'default_tax_rate', 'bank.bic'],
    });
    expect(toWorkspaceColumns(createWorkspaceSchema.parse({ slug: 'x', name: 'X' }))).toEqual({ columns: { slug: 'x', name: 'X' }, fields: ['slug', 'name'] });
  });
});

describe('members', () => {
  it('are an email and one of the three roles', async () => {
    expect(addMemberSchema.parse({ email: 'ops@example.com', role: 'viewer' })).toEqual({ email: 'ops@example.com', role: 'viewer' });
    expect((await fails(() => addMemberSchema.parse({ email: 'ops@example.com', role: 'superuser' }))).fields).toEqual(['role']);
    expect((await fails(() => addMemberSchema.parse({ email: 'ops@example.com', role: 'admin', name: 'Ops' }))).fields).toEqual(['name']);
  });

  it('keep an owner: the last one is neither demoted nor removed', async () => {
    const owner = { userId: 'u1', role: 'owner' };
    expect(await fails(() => assertAnotherOwnerRemains(['u1'], owner, 'admin'))).toMatchObject({ status: 409, code: 'last_owner', fields: ['user_id'] });
    expect(await fails(() => assertAnotherOwnerRemains(['u1'], owner, null))).toMatchObject({ status: 409, code: 'last_owner' });
    // locked before the member was promoted: still the only owner
    expect(await fails(() => assertAnotherOwnerRemains([], owner, null))).toMatchObject({ status: 409 });
    expect(() => assertAnotherOwnerRemains(['u1', 'u2'], owner, null)).not.toThrow();
    expect(() => assertAnotherOwnerRemains(['u1'], owner, 'owner')).not.toThrow();
    expect(() => assertAnotherOwnerRemains(['u1'], { userId: 'u3', role: 'admin' }, null)).not.toThrow();
  });
});
