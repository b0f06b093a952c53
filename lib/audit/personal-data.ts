// The audit log is append-only (its triggers refuse UPDATE and DELETE), so nothing can be erased from
// it later: an entry must never hold personal data. A customer's identity (name, addresses, emails,
// tax id, external id) and a member's email stay in their own rows, which erasure pseudonymizes; an
// entry names people by id only. Free text an admin types as a reason is theirs to keep factual.

/** The customer fields (as the API names them) that identify a person: recorded as changed, never by value. */
export const PERSONAL_CUSTOMER_FIELDS = ['name', 'email', 'billing_emails', 'address_lines', 'tax_id', 'external_id'] as const;

const personal = new Set<string>(PERSONAL_CUSTOMER_FIELDS);

/** The fields' values without the personal ones: what a customer entry's before or after may hold. */
export function withoutPersonalData<T extends Record<string, unknown>>(values: T, fields: readonly (keyof T & string)[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => !personal.has(f)).map((f) => [f, values[f]]));
}

/** Of the fields a change names, the personal ones (kept in the entry by name only). */
export function personalFieldsOf(fields: readonly string[]): string[] {
  return fields.filter((f) => personal.has(f));
}
