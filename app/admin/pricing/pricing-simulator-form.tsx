'use client';
// The simulator's form and result. The charges are edited as the JSON the API takes (a plan's charges as
// GET /api/admin/billing/plans shows them), starting from the chosen plan's current charges; every
// problem is listed under the editor with its field path (charges.0.unit_price). The result table sorts
// by any column with the buttons in its header (keyboard reachable; aria-sort says the order), and the
// customers who would pay more are counted and marked in words as well as colour.
import { useActionState, useMemo, useState } from 'react';
import { Notice } from '@/components/notice';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { formatMoney } from '@/lib/format/format-money';
import { formatShortDate } from '@/lib/format/format-date';
import type { ChargeView } from '@/lib/catalog/plan-view';
import type { SimulatedCustomer } from '@/lib/pricing/simulate-pricing';
import { simulatePricingAction, type SimulatorState } from './pricing-simulator-action';

export type SimulatorPlan = { code: string; name: string; version: number; currency: string; charges: ChargeView[] };

type SortKey = 'customer' | 'current' | 'simulated' | 'delta';
type Sort = { key: SortKey; direction: 'ascending' | 'descending' };

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-red-500';

const chargesText = (plan: SimulatorPlan | undefined) => JSON.stringify(plan?.charges ?? [], null, 2);

const compare: Record<SortKey, (a: SimulatedCustomer, b: SimulatedCustomer) => number> = {
  customer: (a, b) => a.customer_name.localeCompare(b.customer_name) || a.customer_id.localeCompare(b.customer_id),
  current: (a, b) => new ExactDecimal(a.current_subtotal).comparedTo(b.current_subtotal),
  simulated: (a, b) => new ExactDecimal(a.simulated_subtotal).comparedTo(b.simulated_subtotal),
  delta: (a, b) => new ExactDecimal(a.delta).comparedTo(b.delta),
};

const sign = (delta: string) => new ExactDecimal(delta).comparedTo(0);
/** "+$5.00", "−$1.17", "$0.00": a change reads with its sign. */
const signedMoney = (delta: string, currency: string) => {
  const s = sign(delta);
  const amount = formatMoney(new ExactDecimal(delta).abs(), currency);
  return s > 0 ? `+${amount}` : s < 0 ? `−${amount}` : amount;
};

function SortHeader({ label, column, sort, onSort, align }: { label: string; column: SortKey; sort: Sort; onSort: (key: SortKey) => void; align: 'left' | 'right' }) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? sort.direction : 'none'} className={`px-4 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase ${align === 'right' ? 'text-right' : 'text-left'}`}>
      <button
        type="button"
        onClick={() => onSort(column)}
        data-testid={`simulator-sort-${column}`}
        className="inline-flex items-center gap-1 rounded uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
        <span className="sr-only">{active ? `, sorted ${sort.direction}; sort ${sort.direction === 'ascending' ? 'descending' : 'ascending'}` : ', sort'}</span>
      </button>
    </th>
  );
}

function SimulationResult({ state }: { state: SimulatorState & { result: NonNullable<SimulatorState['result']> } }) {
  const { data, totals } = state.result;
  const [sort, setSort] = useState<Sort>({ key: 'delta', direction: 'descending' });
  const rows = useMemo(() => {
    const sorted = [...data].sort(compare[sort.key]);
    return sort.direction === 'ascending' ? sorted : sorted.reverse();
  }, [data, sort]);
  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: key === 'customer' ? 'ascending' : 'descending' }));
  const more = data.filter((r) => sign(r.delta) > 0).length;
  const less = data.filter((r) => sign(r.delta) < 0).length;
  const { currency } = totals;

  return (
    <div className="mt-6 space-y-4" data-testid="simulator-result">
      <h3 className="text-sm font-semibold text-slate-900">
        {state.planCode}: {data.length} {data.length === 1 ? 'customer' : 'customers'} with an invoiced period
      </h3>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {[
          ['Invoiced', formatMoney(totals.current_subtotal, currency), 'simulator-total-current'],
          ['Simulated', formatMoney(totals.simulated_subtotal, currency), 'simulator-total-simulated'],
          ['Revenue change', signedMoney(totals.delta, currency), 'simulator-total-delta'],
          ['Pay more', `${more} of ${data.length}${less ? ` (${less} pay less)` : ''}`, 'simulator-paying-more'],
        ].map(([label, value, testId]) => (
          <div key={testId} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
            <dt className="text-xs font-medium text-slate-500 uppercase">{label}</dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div role="region" aria-label="Simulated subtotals per customer" tabIndex={0} className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="simulator-table">
          <caption className="sr-only">Each customer’s last invoiced period: the subtotal invoiced, the simulated subtotal and the change. Sortable by every column.</caption>
          <thead className="bg-slate-50/80">
            <tr>
              <SortHeader label="Customer" column="customer" sort={sort} onSort={onSort} align="left" />
              <th scope="col" className="px-4 py-2.5 text-left text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase">
                Period
              </th>
              <SortHeader label="Invoiced" column="current" sort={sort} onSort={onSort} align="right" />
              <SortHeader label="Simulated" column="simulated" sort={sort} onSort={onSort} align="right" />
              <SortHeader label="Change" column="delta" sort={sort} onSort={onSort} align="right" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-4 py-10 text-center text-sm text-slate-500">
                  No customer of this plan has an invoiced period yet.
                </td>
              </tr>
            ) : (
              rows.map((row) => {
                const s = sign(row.delta);
                return (
                  <tr key={row.customer_id} data-testid="simulator-row" data-pays-more={s > 0 ? 'true' : 'false'} className={s > 0 ? 'bg-amber-50' : undefined}>
                    <td className="px-4 py-3 whitespace-nowrap text-slate-900">
                      <a href={`/admin/customers/${row.customer_id}`} className="font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                        {row.customer_name}
                      </a>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                      <a href={`/admin/invoices/${row.invoice_id}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                        {formatShortDate(row.period_start)} – {formatShortDate(row.period_end)}
                      </a>
                    </td>
                    <td className="px-4 py-3 text-right whitespace-nowrap text-slate-600 tabular-nums">{formatMoney(row.current_subtotal, currency)}</td>
                    <td className="px-4 py-3 text-right whitespace-nowrap text-slate-900 tabular-nums">{formatMoney(row.simulated_subtotal, currency)}</td>
                    <td className={`px-4 py-3 text-right whitespace-nowrap tabular-nums ${s > 0 ? 'font-semibold text-amber-900' : s < 0 ? 'text-emerald-800' : 'text-slate-600'}`} data-testid="simulator-delta">
                      {signedMoney(row.delta, currency)}
                      {s > 0 ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">pays more</span> : null}
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function PricingSimulatorForm({ plans }: { plans: SimulatorPlan[] }) {
  const [state, action, pending] = useActionState<SimulatorState, FormData>(simulatePricingAction, { status: 'idle' });
  const [planCode, setPlanCode] = useState(plans[0]!.code);
  const [charges, setCharges] = useState(() => chargesText(plans[0]));
  const plan = plans.find((p) => p.code === planCode);
  const errors = state.status === 'error' ? (state.errors ?? []) : [];
  const planErrors = errors.filter((e) => e.field === 'plan_code');
  const chargeErrors = errors.filter((e) => e.field !== 'plan_code');

  return (
    <div>
      <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="simulator-form">
        {state.status === 'error' && state.message ? (
          <Notice tone="error" testId="simulator-error">
            {state.message}
          </Notice>
        ) : null}
        <div>
          <label htmlFor="simulator-plan" className="block text-sm font-medium text-slate-900">
            Plan
          </label>
          <select
            id="simulator-plan"
            name="plan_code"
            value={planCode}
            onChange={(event) => {
              const next = plans.find((p) => p.code === event.target.value);
              setPlanCode(event.target.value);
              setCharges(chargesText(next));
            }}
            aria-invalid={planErrors.length ? true : undefined}
            aria-describedby={planErrors.length ? 'simulator-plan-errors' : undefined}
            className={`mt-1 max-w-md ${INPUT}`}
          >
            {plans.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code}, version {p.version}, {p.currency.toUpperCase()})
              </option>
            ))}
          </select>
          {planErrors.length ? (
            <p id="simulator-plan-errors" className="mt-1 text-sm text-red-700">
              {planErrors.map((e) => e.message).join('; ')}
            </p>
          ) : null}
        </div>
        <div>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <label htmlFor="simulator-charges" className="block text-sm font-medium text-slate-900">
              Proposed charges (JSON)
            </label>
            <button
              type="button"
              onClick={() => setCharges(chargesText(plan))}
              className="rounded text-sm text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Reset to the plan’s charges
            </button>
          </div>
          <textarea
            id="simulator-charges"
            name="charges"
            value={charges}
            onChange={(event) => setCharges(event.target.value)}
            rows={14}
            spellCheck={false}
            aria-invalid={chargeErrors.length ? true : undefined}
            aria-describedby={chargeErrors.length ? 'simulator-charges-errors' : 'simulator-charges-hint'}
            className={`mt-1 font-mono text-[13px] ${INPUT}`}
          />
          {chargeErrors.length ? (
            <ul id="simulator-charges-errors" className="mt-1 space-y-0.5 text-sm text-red-700" data-testid="simulator-field-errors">
              {chargeErrors.map((e, i) => (
                <li key={`${e.field}-${i}`} className="break-words">
                  <code className="font-mono text-[13px]">{e.field}</code>: {e.message}
                </li>
              ))}
            </ul>
          ) : (
            <p id="simulator-charges-hint" className="mt-1 text-xs text-slate-500">
              The plan’s charges as the API takes them: metric, model (flat, per_unit, graduated, volume, package), amount, unit_price, package_size, included_units, tiers, filters.
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {pending ? 'Simulating…' : 'Run simulation'}
        </button>
      </form>
      {state.status === 'done' && state.result ? <SimulationResult key={JSON.stringify(state.result.totals) + state.result.data.length} state={{ ...state, result: state.result }} /> : null}
    </div>
  );
}
