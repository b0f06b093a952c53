// The admin's customer form read into the API's bodies: empty optional fields are "none", lists are
// split by line, the API's schema judges the result, and an edit names only what differs.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { toCustomerView } from './customer-schemas';
import { CUSTOMER_FORM_FIELDS, createCustomerInputOf, customerChangesOf, customerFormValuesOf, readCustomerForm, type CustomerFormValues } from './customer-form';

const blank = Object.fromEntries(CUSTOMER_FORM_FIELDS.map((f) => [f, ''])) as CustomerFormValues;
const form = (values: Partial<CustomerFormValues>): CustomerFormValues => ({ ...blank, payment_method: 'card', ...values });

const stored = toCustomerView({
  id: '00000000-0000-4000-8000-000000000001',
  workspaceId: '00000000-0000-4000-8000-000000000000',
  userId: null,
  externalId: 'crm-7',
  name: 'Vigint B.V.',
  email: 'billing@vigint.example',
  billingEmails: ['ap@vigint.example'],
  currency: 'eur',
  country: 'NL',
  addressLines: ['Keizersgracht 1', '1015 CJ Amsterdam'],
  taxRate: '0.210000',
  taxExempt: false,
  taxId: null,
  paymentMethod: 'direct_debit',
  status: 'active',
  suspendedAt: null,
  emailBouncedAt: null,
  emailBounceReason: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
} as unknown as Parameters<typeof toCustomerView>[0]);

describe('readCustomerForm', () => {
  it('takes every field, trimmed, and an absent one (an unticked box) as empty', () => {
    const data = new FormData();
    data.set('name', '  Acme  ');
    data.set('email', 'a@example.com');
    data.set('tax_exempt', 'on');
    data.set('unknown', 'ignored');
    const values = readCustomerForm((name) => data.get(name));
    expect(values).toEqual({ ...blank, name: 'Acme', email: 'a@example.com', tax_exempt: 'on' });
    expect(Object.keys(values)).toEqual([...CUSTOMER_FORM_FIELDS]);
  });
});

describe('createCustomerInputOf', () => {
  it('leaves an empty currency out (the workspace default applies) and empty optionals as none', () => {
    expect(createCustomerInputOf(form({ name: 'Acme', email: 'a@example.com' }))).toEqual({
      name: 'Acme',
      email: 'a@example.com',
      external_id: null,
      country: null,
      address_lines: [],
      tax_rate: null,
      tax_exempt: false,
      tax_id: null,
      payment_method: 'card',
      status: 'active',
      billing_emails: [],
    });
  });

  it('splits the address by line and billing emails by line, comma or semicolon, and normalises codes', () => {
    const input = createCustomerInputOf(
      form({ name: 'Acme', email: 'a@example.com', currency: 'EUR', country: 'nl', address_lines: 'Street 1\r\n\n  1015 CJ Amsterdam ', billing_emails: 'ap@acme.example, cfo@acme.example;\nops@acme.example', tax_exempt: 'on' }),
    );
    expect(input).toMatchObject({ currency: 'eur', country: 'NL', address_lines: ['Street 1', '1015 CJ Amsterdam'], billing_emails: ['ap@acme.example', 'cfo@acme.example', 'ops@acme.example'], tax_exempt: true });
  });

  it('refuses what the API refuses, naming the field and the line of a list', () => {
    let error: unknown;
    try {
      createCustomerInputOf(form({ name: '', email: 'not-an-email', tax_rate: '21', country: 'XX', billing_emails: 'ok@acme.example\nbroken' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZodError);
    const paths = (error as ZodError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'tax_rate', 'country', 'billing_emails.1']));
  });
});

describe('customerChangesOf', () => {
  it('is empty when the form shows the customer as stored (a rate written with more zeros is the same rate)', () => {
    const values = customerFormValuesOf(stored);
    expect(values).toMatchObject({ currency: 'EUR', tax_rate: '0.21', address_lines: 'Keizersgracht 1\n1015 CJ Amsterdam', tax_exempt: '' });
    expect(customerChangesOf(values, stored)).toEqual({});
    expect(customerChangesOf({ ...values, tax_rate: '0.2100', currency: 'eur', country: 'nl' }, stored)).toEqual({});
  });

  it('names only the fields that differ, as the PATCH body', () => {
    const values = { ...customerFormValuesOf(stored), name: 'Vigint Holding B.V.', tax_rate: '', billing_emails: '', tax_exempt: 'on' };
    expect(customerChangesOf(values, stored)).toEqual({ name: 'Vigint Holding B.V.', tax_rate: null, billing_emails: [], tax_exempt: true });
  });

  it('judges the whole form, so a bad field that did not change is still named', () => {
    const values = { ...customerFormValuesOf(stored), email: 'nope' };
    expect(() => customerChangesOf(values, stored)).toThrow(ZodError);
  });
});
