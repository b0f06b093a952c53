import Form from 'next/form';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { fieldLabelClass } from './form-styles';

// One look for the admin list pages' filter rows (audit log, invoices, customers): a GET form, so a
// filtered list is a URL that can be bookmarked and shared, and it works before JavaScript loads.

export const filterInputBase =
  'w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none';
export const filterInputClass = `${filterInputBase} sm:w-auto`;
export const filterButtonClass = 'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50';

const PER_PAGE = ['10', '25', '50', '100'] as const;

/**
 * The form around a row of FilterFields, ending in its submit button and, once anything is filtered, a
 * "Clear" link back to the unfiltered list (the form's own action).
 */
export function FilterForm({
  action,
  label,
  testId,
  filtered,
  search = false,
  submitLabel = 'Filter',
  clearClassName = 'text-sm text-slate-600 hover:text-slate-900',
  children,
}: {
  action: string;
  /** the form's accessible name */
  label: string;
  testId: string;
  filtered: boolean;
  /** a search landmark rather than a plain form */
  search?: boolean;
  submitLabel?: string;
  clearClassName?: string;
  children: ReactNode;
}) {
  return (
    <Form action={action} role={search ? 'search' : undefined} className="mb-4 flex flex-wrap items-end gap-3" data-testid={testId} aria-label={label}>
      {children}
      <div className="flex items-center gap-3">
        <button type="submit" className={filterButtonClass}>
          {submitLabel}
        </button>
        {filtered ? (
          <Link href={action} className={clearClassName}>
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** One labelled field of a filter row; the control inside carries the id the label names. */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="w-full sm:w-auto">
      <label htmlFor={id} className={fieldLabelClass}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** The page-size menu every paged list offers; 50 unless the URL says otherwise. */
export function PerPageField({ id, value, className = filterInputClass }: { id: string; value: string | undefined; className?: string }) {
  return (
    <FilterField id={id} label="Per page">
      <select id={id} name="per_page" defaultValue={value ?? '50'} className={className}>
        {PER_PAGE.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </FilterField>
  );
}
