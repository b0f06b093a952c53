import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatPeriod } from '@/lib/format/format-date';
import { formatUnitPrice } from '@/lib/format/format-money';
import { formatQuantity, formatTaxRate } from '@/lib/format/format-number';
import type { UsageEstimate } from '@/lib/usage/usage-summary';

const isZero = (value: string) => toExact(value).isZero();

function taxLabel(estimate: UsageEstimate): string {
  if (estimate.tax_treatment === 'reverse_charge') return 'Reverse charge';
  if (estimate.tax_treatment === 'exempt') return 'Tax exempt';
  return `Tax (${formatTaxRate(estimate.tax_rate)})`;
}

/**
 * The invoice the open period would produce if it closed now: each charge's line, subtotal, tax and
 * total. Metered lines with no usage and nothing to pay are folded into one row so the used ones stand out.
 */
export function UsageEstimateTable({ estimate }: { estimate: UsageEstimate }) {
  const { currency } = estimate;
  const idle = (line: UsageEstimate['lines'][number]) =>
    line.metric !== null && isZero(line.amount) && isZero(line.details?.usage ?? line.quantity);
  const shown = estimate.lines.filter((line) => !idle(line));
  const folded = estimate.lines.length - shown.length;

  return (
    <div data-testid="usage-estimate" className="space-y-3">
      {estimate.trial ? (
        <Notice title="Trial period" testId="estimate-trial">
          This period is part of your free trial and is not charged. The estimate shows nothing to pay.
        </Notice>
      ) : null}
      <Table label="Estimated invoice for the current period">
        <THead>
          <Th>Description</Th>
          <Th align="right">Quantity</Th>
          <Th align="right">Unit price</Th>
          <Th align="right">Amount</Th>
        </THead>
        <TBody>
          {estimate.lines.length === 0 ? (
            <EmptyRow colSpan={4}>{estimate.trial ? 'Nothing is charged for a trial period.' : 'There is nothing to charge this period.'}</EmptyRow>
          ) : (
            shown.map((line, index) => (
              <tr key={line.charge_id ?? `${line.description}-${index}`} data-testid="estimate-line">
                <Td strong>
                  {line.description}
                  {line.details?.included_units ? (
                    <div className="text-xs font-normal text-slate-500">
                      {formatQuantity(line.details.usage ?? '0')} used, {formatQuantity(line.details.included_units)} included
                    </div>
                  ) : null}
                </Td>
                <Td align="right">{formatQuantity(line.quantity)}</Td>
                <Td align="right">{formatUnitPrice(line.unit_price, currency)}</Td>
                <Td align="right" strong>
                  <Money amount={line.amount} currency={currency} muteZero />
                </Td>
              </tr>
            ))
          )}
          {folded > 0 ? (
            <tr data-testid="estimate-idle-lines">
              <Td>
                <span className="text-slate-500">
                  {folded} more {folded === 1 ? 'charge' : 'charges'} with no usage so far
                </span>
              </Td>
              <Td align="right">—</Td>
              <Td align="right">—</Td>
              <Td align="right">
                <Money amount="0" currency={currency} muteZero />
              </Td>
            </tr>
          ) : null}
        </TBody>
        <tfoot className="border-t border-slate-200 bg-slate-50/60">
          <tr>
            <Td colSpan={3} align="right">
              Subtotal
            </Td>
            <Td align="right" strong>
              <span data-testid="estimate-subtotal">
                <Money amount={estimate.subtotal} currency={currency} />
              </span>
            </Td>
          </tr>
          <tr>
            <Td colSpan={3} align="right">
              <span data-testid="estimate-tax-label">{taxLabel(estimate)}</span>
              {estimate.tax_treatment === 'reverse_charge' ? (
                <div className="text-xs text-slate-500">VAT is accounted for by you, the recipient.</div>
              ) : null}
            </Td>
            <Td align="right">
              <span data-testid="estimate-tax">
                <Money amount={estimate.tax} currency={currency} />
              </span>
            </Td>
          </tr>
          <tr>
            <Td colSpan={3} align="right" strong>
              Estimated total
            </Td>
            <Td align="right" strong className="text-base">
              <span data-testid="estimate-total">
                <Money amount={estimate.total} currency={currency} />
              </span>
            </Td>
          </tr>
        </tfoot>
      </Table>
      <p className="text-sm text-slate-500" data-testid="estimate-basis">
        Based on the usage reported so far in the period {formatPeriod(estimate.period_start, estimate.period_end)}
        {estimate.trial ? '. ' : ' and the full recurring fees. '}
        The invoice is issued when the period ends, so the final amount may differ.
      </p>
    </div>
  );
}
