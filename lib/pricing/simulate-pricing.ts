// The what-if pricing simulator: every customer of a plan, their last invoiced period re-rated under
// proposed charges with the billing run's own pricing core, beside what that period's invoices say.
// Nothing is written: every read runs in one READ ONLY transaction (a bug that tried to write would be
// refused by PostgreSQL), at REPEATABLE READ so the periods, invoices and usage come from one snapshot.
//
// Who is simulated: customers whose live subscription (trialing, active, past due; not ended) is on any
// version of the plan code, each with the last period of that subscription that was invoiced on a
// version of the code (a subscription moves to the current version at renewal, so its last invoiced
// period may be on an older one; the proposed charges replace whichever version's charges it had).
// Periods with no invoice of ours (a Stripe subscription's period whose flat fees Stripe billed and which
// had no usage charges) are passed over; customers with no such period at all (a trial, a subscription
// whose first period has not ended) are left out of `data`.
//
// Like with like: current_subtotal is the sum of the subtotals of the period's subscription invoices as
// issued (before tax; the advance invoice of a plan that pays in advance and the invoice at the period's
// end). simulated_subtotal is those invoices re-rated: the lines a plan charge priced are replaced by the
// proposed charges' lines (same usage, same proration, same timing), any other line is kept as issued.
// With the plan's own charges the two are equal.
//
// Currency: a plan code has one currency (a PATCH cannot change it) and its invoices are in it; totals
// are in that currency, and an invoice in any other would be left out rather than summed with it.
//
// The re-rating itself (invoices as issued, usage, the pricing core) is rerate-invoiced-periods.ts, shared
// with the customer's subscription page; this file chooses the periods: a fixed number of statements
// whatever the number of customers, no query per customer.
import { sql } from 'drizzle-orm';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { checkCharges } from '@/lib/catalog/validate-charges';
import { selectRows, type Db, type Queryable } from '@/lib/db/client';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';
import { LIVE_SUBSCRIPTION_STATUSES } from '@/lib/subscriptions/create-subscription';
import { loadMetrics } from '@/lib/usage/measure-usage';
import { simulationInputSchema, type SimulationInput } from './pricing-schemas';
import { toRatedCharges } from './rerate-period';
import { HAS_ISSUED_INVOICE, INVOICED_PERIOD_COLUMNS, rerateInvoicedPeriods, type InvoicedPeriodRow } from './rerate-invoiced-periods';

export type SimulatedCustomer = {
  customer_id: string;
  customer_name: string;
  /** the period's invoice at its end (or, with nothing billed then, its advance invoice) */
  invoice_id: string;
  billing_period_id: string;
  period_start: string;
  period_end: string;
  current_subtotal: string;
  simulated_subtotal: string;
  /** simulated − current: positive when the customer would pay more */
  delta: string;
};

export type PricingSimulation = {
  plan_code: string;
  data: SimulatedCustomer[];
  totals: { current_subtotal: string; simulated_subtotal: string; delta: string; currency: string };
};

const uuids = (ids: string[]) => `{${ids.join(',')}}`;
const invalid = (details: ErrorDetail[]) => new BillingError({ code: 'validation_failed', status: 422, message: 'The simulation is not valid', details });
const unknownPlan = () => new BillingError({ code: 'not_found', status: 404, message: 'Plan not found', details: [{ field: 'plan_code', message: 'no plan has this code' }] });

/** Each customer's last invoiced period on a version of the plan that has an invoice of ours, of a live subscription on the plan. */
function lastInvoicedPeriods(tx: Queryable, versionIds: string[], customerIds: string[] | undefined): Promise<InvoicedPeriodRow[]> {
  return selectRows<InvoicedPeriodRow>(
    tx,
    sql`select distinct on (bp.customer_id) ${INVOICED_PERIOD_COLUMNS}
          from billing_periods bp
          join subscriptions s on s.id = bp.subscription_id
          join customers c on c.id = bp.customer_id
         where bp.status = 'invoiced'
           and bp.plan_id = any(${uuids(versionIds)}::uuid[])
           and s.plan_id = any(${uuids(versionIds)}::uuid[])
           and s.status = any(${`{${LIVE_SUBSCRIPTION_STATUSES.join(',')}}`}::text[]) and s.ended_at is null
           ${customerIds ? sql`and bp.customer_id = any(${uuids(customerIds)}::uuid[])` : sql``}
           -- a period billed with nothing on our invoices (a Stripe subscription's flat fees alone) is passed over
           and ${HAS_ISSUED_INVOICE}
         order by bp.customer_id, bp.period_end desc, bp.id desc`,
  );
}

/** Re-rates the plan's customers under `input.charges`; validated as a plan's charges are, nothing written. */
export async function simulatePricing(db: Db, input: SimulationInput): Promise<PricingSimulation> {
  const request = simulationInputSchema.parse(input);
  return db.transaction(
    async (tx) => {
      const versions = await selectRows<{ id: string; currency: string; is_current: boolean }>(tx, sql`select id, currency, is_current from plans where code = ${request.plan_code}`);
      if (versions.length === 0) throw unknownPlan();
      const currency = (versions.find((v) => v.is_current) ?? versions[0]!).currency;

      const { problems } = await checkCharges(tx, request.charges);
      if (request.customer_ids) {
        const found = await selectRows<{ id: string }>(tx, sql`select id from customers where id = any(${uuids(request.customer_ids)}::uuid[])`);
        const known = new Set(found.map((c) => c.id));
        request.customer_ids.forEach((id, i) => {
          if (!known.has(id)) problems.push({ field: `customer_ids.${i}`, message: 'no customer has this id' });
        });
      }
      if (problems.length) throw invalid(problems);

      const metrics = await loadMetrics(tx);
      const charges = toRatedCharges(request.charges, new Map(metrics.map((m) => [m.code, m.name])));
      const periods = await lastInvoicedPeriods(
        tx,
        versions.map((v) => v.id),
        request.customer_ids,
      );
      const rerated = await rerateInvoicedPeriods(tx, periods, [charges], { currency, metrics });
      const data: SimulatedCustomer[] = rerated.map(({ period: p, invoiceId, current, simulated: [simulated] }) => ({
        customer_id: p.customer_id,
        customer_name: p.customer_name,
        invoice_id: invoiceId,
        billing_period_id: p.id,
        period_start: new Date(p.period_start).toISOString(),
        period_end: new Date(p.period_end).toISOString(),
        current_subtotal: current,
        simulated_subtotal: simulated!,
        delta: moneyString(new ExactDecimal(simulated!).minus(current), currency),
      }));

      const total = (pick: (row: SimulatedCustomer) => string) => moneyString(data.reduce((sum, row) => sum.plus(pick(row)), new ExactDecimal(0)), currency);
      return {
        plan_code: request.plan_code,
        data,
        totals: { current_subtotal: total((r) => r.current_subtotal), simulated_subtotal: total((r) => r.simulated_subtotal), delta: total((r) => r.delta), currency },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
