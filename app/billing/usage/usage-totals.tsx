import { Table, TBody, Td, Th, THead } from '@/components/table';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatMonth } from '@/lib/format/format-date';
import { formatQuantityWithUnit } from '@/lib/format/format-number';
import type { MetricInfo } from '@/lib/usage/measure-usage';

const isZero = (value: string | undefined) => toExact(value ?? '0', 'quantity').isZero();

/**
 * Usage today and this calendar month (UTC) for every metric with any, in the metric's own unit.
 * Metrics that measure a level (max, latest) show the reading rather than a sum, as billing does.
 */
export function UsageTotals({
  metrics,
  today,
  month,
  now,
}: {
  metrics: MetricInfo[];
  today: Record<string, string>;
  month: Record<string, string>;
  now: Date;
}) {
  const used = metrics.filter((m) => !isZero(today[m.code]) || !isZero(month[m.code]));
  if (used.length === 0) {
    return (
      <div
        data-testid="usage-totals-empty"
        className="rounded-xl border border-slate-200 bg-white px-4 py-10 text-center text-sm text-slate-500 shadow-xs"
      >
        No usage reported yet.
      </div>
    );
  }
  const levels = used.some((m) => m.aggregation === 'max' || m.aggregation === 'latest');
  return (
    <>
      <Table label="Usage today and this month" data-testid="usage-totals">
        <THead>
          <Th>Metric</Th>
          <Th align="right">Today</Th>
          <Th align="right">{`This month (${formatMonth(now)})`}</Th>
        </THead>
        <TBody>
          {used.map((metric) => (
            <tr key={metric.code} data-testid="usage-total-row" data-metric={metric.code} className="hover:bg-slate-50/60">
              <Td strong>{metric.name}</Td>
              <Td align="right">
                <span data-testid="usage-today">{formatQuantityWithUnit(today[metric.code] ?? '0', metric.unit)}</span>
              </Td>
              <Td align="right">
                <span data-testid="usage-month">{formatQuantityWithUnit(month[metric.code] ?? '0', metric.unit)}</span>
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
      <p className="mt-2 text-xs text-slate-500">
        Days and months are UTC.
        {levels ? ' Metrics that measure a level, such as storage or seats, show the highest or latest reading, not a sum.' : null}
      </p>
    </>
  );
}
