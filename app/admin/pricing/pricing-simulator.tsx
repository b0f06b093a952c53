// The pricing page's what-if simulator: choose a plan, edit its charges, and see what each of its
// customers' last invoiced period would have come to, beside what was invoiced. The plans and their
// current charges are read here (server side) to start the editor from; the run is a Server Action.
import { Section } from '@/components/section';
import { listPlans } from '@/lib/catalog/plan-view';
import type { Db } from '@/lib/db/client';
import { PricingSimulatorForm, type SimulatorPlan } from './pricing-simulator-form';

export async function PricingSimulator({ db }: { db: Db }) {
  const plans: SimulatorPlan[] = (await listPlans(db)).map((p) => ({ code: p.code, name: p.name, version: p.version, currency: p.currency, charges: p.charges }));
  return (
    <Section title="What-if pricing simulator" testId="pricing-simulator">
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        Re-rates every customer’s last invoiced period of a plan under the charges you propose, with the same pricing as the billing run (same usage, proration and timing), and compares it with the invoice’s subtotal before tax. Nothing is changed.
      </p>
      {plans.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">No plans yet. Create a plan in the catalog first.</p>
      ) : (
        <PricingSimulatorForm plans={plans} />
      )}
    </Section>
  );
}
