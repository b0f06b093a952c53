// The pricing page's unit costs: what one unit of each metric costs you, which the margins report and
// the overview's gross margin multiply billed units by. Admins change them; viewers see them.
import { Section } from '@/components/section';
import { listMetricUnitCosts } from '@/lib/admin-overview/list-metric-unit-costs';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { UnitCostForm } from './unit-cost-form';

export async function UnitCosts() {
  const scope = await requireAdminWorkspace('/admin/pricing');
  const metrics = await listMetricUnitCosts(scope);
  const readOnly = !mayWrite(scope.role);
  return (
    <Section title="Unit costs" aside={readOnly ? <span className="text-slate-500">View only</span> : undefined} testId="unit-costs">
      <p className="mb-3 text-sm text-slate-600">What one unit of each metric costs you (a model’s price per token, a GPU hour). Gross margins count a unit’s cost only on invoices in the same currency. Leave the cost empty to clear it.</p>
      {metrics.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-500">No metrics yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs">
          {metrics.map((m) => (
            <li key={m.code} className="p-4" data-testid="unit-cost-row">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium text-slate-900">{m.name}</span>
                <span className="font-mono text-xs break-all text-slate-500">{m.code}</span>
                <span className="text-xs text-slate-500">per {m.unit}</span>
              </div>
              <UnitCostForm metric={m.code} unitCost={m.unitCost} unitCostCurrency={m.unitCostCurrency} defaultCurrency={scope.config.defaultCurrency} readOnly={readOnly} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
