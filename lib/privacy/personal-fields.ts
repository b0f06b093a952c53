// Which of a customer's fields are personal data: erasure clears them, and the audit log (append-only,
// so never erased) names them when they change but never records their values.
export const PERSONAL_CUSTOMER_FIELDS = ['external_id', 'name', 'email', 'billing_emails', 'address_lines', 'tax_id'] as const;

const personal = new Set<string>(PERSONAL_CUSTOMER_FIELDS);

export const isPersonalCustomerField = (field: string): boolean => personal.has(field);

/** The entries of `values` whose values may be kept in the audit log: every field but the personal ones. */
export function withoutPersonalValues<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([field]) => !personal.has(field))) as Partial<T>;
}
