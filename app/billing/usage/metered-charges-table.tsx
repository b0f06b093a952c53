import { Money } from '@/components/money';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatQuantityWithUnit } from '@/lib/format/format-number';
import type { MeteredChargeUsage } from '@/lib/usage/usage-summary';

const isZero = (value: string) => toExact(value, 'quantity').isZero();

/** Used against included: a bar that fills up to the allowance and turns amber once usage goes over it. */
function AllowanceBar({ charge }: { charge: MeteredChargeUsage }) {
  // the width is display only, so a float is fine; the text beside it prints the exact figures
  const ratio = Math.min(Number(charge.quantity) / Number(charge.included), 1);
  const over = !isZero(charge.overage);
  const label = `${charge.name}: ${formatQuantityWithUnit(charge.quantity, charge.unit)} used of ${formatQuantityWithUnit(charge.included, charge.unit)} included`;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(ratio * 100)}
      aria-valuetext={over ? `${label}, ${formatQuantityWithUnit(charge.overage, charge.unit)} over` : label}
      data-testid="charge-allowance-bar"
      className="mt-1.5 h-1.5 w-32 overflow-hidden rounded-full bg-slate-100"
    >
      <div className={`h-full rounded-full ${over ? 'bg-amber-500' : 'bg-indigo-500'}`} style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
    </div>
  );
}

/**
 * Every metered charge of the plan in the open period: what was used, the included allowance, what is
 * left of it, what went over and what that costs so far. Charges nobody has used and that include
 * nothing are named below the table instead of filling it with zeros.
 */
export function MeteredChargesTable({ charges }: { charges: MeteredChargeUsage[] }) {
  const active = charges.filter((c) => !isZero(c.quantity) || !isZero(c.included));
  // with no usage at all, every charge is listed so the customer still sees what they would pay for
  const shown = active.length > 0 ? active : charges;
  const unused = charges.filter((c) => !shown.includes(c));
  return (
    <>
      <Table label="Metered charges this period" data-testid="metered-charges">
        <THead>
          <Th>Charge</Th>
          <Th align="right">Used</Th>
          <Th align="right">Included</Th>
          <Th align="right">Remaining</Th>
          <Th align="right">Overage</Th>
          <Th align="right">Overage cost</Th>
        </THead>
        <TBody>
          {shown.length === 0 ? (
            <EmptyRow colSpan={6}>Your plan has no usage-based charges.</EmptyRow>
          ) : (
            shown.map((charge) => {
              const hasAllowance = !isZero(charge.included);
              return (
                <tr key={charge.key} data-testid="usage-charge-row" data-key={charge.key} className="hover:bg-slate-50/60">
                  <Td strong>
                    <span data-testid="charge-name">{charge.name}</span>
                    {hasAllowance ? <AllowanceBar charge={charge} /> : null}
                  </Td>
                  <Td align="right" strong>
                    <span data-testid="charge-used">{formatQuantityWithUnit(charge.quantity, charge.unit)}</span>
                  </Td>
                  <Td align="right">
                    <span data-testid="charge-included">{hasAllowance ? formatQuantityWithUnit(charge.included, charge.unit) : '—'}</span>
                  </Td>
                  <Td align="right">
                    <span data-testid="charge-remaining">{hasAllowance ? formatQuantityWithUnit(charge.remaining, charge.unit) : '—'}</span>
                  </Td>
                  <Td align="right">
                    <span data-testid="charge-overage" className={!isZero(charge.overage) && hasAllowance ? 'font-medium text-amber-700' : undefined}>{formatQuantityWithUnit(charge.overage, charge.unit)}</span>
                  </Td>
                  <Td align="right" strong>
                    <span data-testid="charge-cost">
                      <Money amount={charge.overage_amount} currency={charge.currency} muteZero />
                    </span>
                  </Td>
                </tr>
              );
            })
          )}
        </TBody>
      </Table>
      {unused.length > 0 ? (
        <p className="mt-2 text-sm text-slate-500" data-testid="unused-charges">
          No usage yet this period on {unused.length === 1 ? 'one more charge' : `${unused.length} more charges`}:{' '}
          {unused.map((c) => c.name).join(', ')}.
        </p>
      ) : null}
    </>
  );
}
