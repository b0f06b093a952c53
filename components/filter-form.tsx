import Form from 'next/form';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { fieldLabelClass } from './form-styles';

// One look for the admin list pages' filter rows (audit log, invoices, customers, emails, alerts): a GET
// form, so a filtered list is a URL that can be bookmarked and shared, and it works before JavaScript loads.

export const filterInputBase =
  'w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none';
export const filterInputClass = `${filterInputBase} sm:w-auto`;
export const filterButtonClass = 'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50';
/** the emails' and alerts' filter rows: their button shows a keyboard focus ring, their menus leave room for the arrow */
export const filterFocusButtonClass =
  'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
export const filterSelectClass =
  'w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none sm:w-auto sm:max-w-56';

const PER_PAGE = ['10', '25', '50', '100'] as const;

/**
 * The form around a row of FilterFields, ending in its submit button and, once anything is filtered, a
 * "Clear" link (or the page's own words for it) back to the unfiltered list (the form's own action).
 */
export function FilterForm({
  action,
  label,
  testId,
  filtered,
  search = false,
  submitLabel = 'Filter',
  clearLabel = 'Clear',
  clearClassName = 'text-sm text-slate-600 hover:text-slate-900',
  className = 'mb-4 flex flex-wrap items-end gap-3',
  buttonClassName = filterButtonClass,
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
  clearLabel?: string;
  clearClassName?: string;
  /** the form's own classes (its layout and the space below it) */
  className?: string;
  buttonClassName?: string;
  children: ReactNode;
}) {
  return (
    <Form action={action} role={search ? 'search' : undefined} className={className} data-testid={testId} aria-label={label}>
      {children}
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClassName}>
          {submitLabel}
        </button>
        {filtered ? (
          <Link href={action} className={clearClassName}>
            {clearLabel}
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
