import { Table, TBody, Td, Th, THead } from '@/components/table';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatDate, formatShortDate } from '@/lib/format/format-date';
import { formatQuantity, formatQuantityWithUnit } from '@/lib/format/format-number';
import { parseUtcDay } from '@/lib/time/utc-day';
import type { DailySeries } from '@/lib/usage/daily-usage';
import type { Aggregation } from '@/lib/usage/usage-aggregation';

// The plot's coordinate system; the SVG scales to its container's width.
const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 56, right: 8, top: 14, bottom: 28 };
const PLOT_WIDTH = WIDTH - PLOT.left - PLOT.right;
const PLOT_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;

/** What one bar stands for, by the metric's aggregation. */
const PER_DAY: Record<Aggregation, string> = {
  sum: 'Total per day',
  count: 'Events per day',
  max: 'Highest reading each day',
  latest: 'Last reading each day',
  unique_count: 'Distinct values each day',
};

/** Sum and count add up over days; a level (max, latest) or a distinct count does not. */
const additive = (aggregation: Aggregation) => aggregation === 'sum' || aggregation === 'count';

type Point = DailySeries['points'][number];

/** Lowest, highest (the last day it was reached), last and total of a series, compared and added exactly. */
function describe(series: DailySeries) {
  let low: Point | null = null;
  let peak: Point | null = null;
  let total = toExact(0);
  for (const point of series.points) {
    const value = toExact(point.quantity, 'quantity');
    total = total.plus(value);
    if (low === null || value.lt(toExact(low.quantity, 'quantity'))) low = point;
    if (value.gt(0) && (peak === null || value.gte(toExact(peak.quantity, 'quantity')))) peak = point;
  }
  return { low, peak, total: total.toFixed(), latest: series.points.at(-1) ?? null };
}

/** The sentence a screen reader hears for the chart; it is printed under the chart too. */
export function chartSummary(series: DailySeries, from: string, to: string): string {
  const range = `${formatShortDate(parseUtcDay(from))} to ${formatDate(parseUtcDay(to))}`;
  const { low, peak, total, latest } = describe(series);
  const heading = `${series.name} per day, ${range}`;
  const amount = (value: string) => formatQuantityWithUnit(value, series.unit);
  if (!peak || !low) return `${heading}: no usage reported.`;
  if (additive(series.aggregation)) {
    return `${heading}: ${amount(total)} in total, the most on ${formatShortDate(parseUtcDay(peak.day))} with ${amount(peak.quantity)}.`;
  }
  if (toExact(low.quantity).eq(toExact(peak.quantity))) return `${heading}: ${amount(peak.quantity)} every day.`;
  return `${heading}: between ${formatQuantity(low.quantity)} and ${amount(peak.quantity)}, ${amount(latest?.quantity ?? '0')} on the last day.`;
}

/**
 * A bar per UTC day for one metric: an inline SVG, server-rendered, no chart library. It is one image
 * to assistive technology, labelled with a summary; the numbers themselves are in a table below it.
 */
export function UsageChart({ series, from, to }: { series: DailySeries; from: string; to: string }) {
  const { peak } = describe(series);
  // bar heights are display only, so a float is fine here; the labels print the exact strings
  const max = peak ? Number(peak.quantity) : 0;
  const slot = PLOT_WIDTH / Math.max(series.points.length, 1);
  const barWidth = Math.max(slot * 0.72, 1);
  const baseline = PLOT.top + PLOT_HEIGHT;
  const labelled = new Set([0, Math.floor((series.points.length - 1) / 2), series.points.length - 1]);
  const summary = chartSummary(series, from, to);

  return (
    <figure data-testid="usage-chart" data-metric={series.metric} className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-slate-900">
          {series.name}
          {series.unit ? <span className="font-normal text-slate-500"> ({series.unit})</span> : null}
        </span>
        <span className="text-xs text-slate-500">{PER_DAY[series.aggregation]}, UTC days</span>
      </figcaption>
      <svg
        role="img"
        aria-label={summary}
        data-testid="usage-chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        preserveAspectRatio="xMidYMid meet"
      >
        {/* gridlines: the top of the scale (the peak) and zero */}
        <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={PLOT.top} y2={PLOT.top} className="stroke-slate-200" strokeDasharray="4 4" />
        <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={baseline} y2={baseline} className="stroke-slate-300" />
        <text x={PLOT.left - 8} y={PLOT.top + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
          {peak ? formatQuantity(peak.quantity) : ''}
        </text>
        <text x={PLOT.left - 8} y={baseline + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
          0
        </text>
        {series.points.map((point, index) => {
          const value = Number(point.quantity);
          const height = max > 0 ? (value / max) * PLOT_HEIGHT : 0;
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={point.day}>
              <rect
                data-testid="usage-chart-bar"
                data-day={point.day}
                data-quantity={point.quantity}
                x={x}
                y={baseline - height}
                width={barWidth}
                height={height}
                rx={Math.min(2, barWidth / 4)}
                className="fill-indigo-500"
              >
                <title>{`${formatShortDate(parseUtcDay(point.day))}: ${formatQuantityWithUnit(point.quantity, series.unit)}`}</title>
              </rect>
              {labelled.has(index) ? (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="fill-slate-500 text-[11px]">
                  {formatShortDate(parseUtcDay(point.day))}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <p className="mt-2 text-sm text-slate-500" data-testid="usage-chart-summary">
        {summary}
      </p>
      <details className="mt-3 text-sm" data-testid="usage-chart-data">
        <summary className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-800">Show the daily numbers</summary>
        <div className="mt-3 max-h-80 overflow-y-auto">
          <Table label={`${series.name} per day`}>
            <THead>
              <Th>Day (UTC)</Th>
              <Th align="right">{series.unit ? `${series.name} (${series.unit})` : series.name}</Th>
            </THead>
            <TBody>
              {series.points.map((point) => (
                <tr key={point.day}>
                  <Td>{formatDate(parseUtcDay(point.day))}</Td>
                  <Td align="right">{formatQuantity(point.quantity)}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </div>
      </details>
    </figure>
  );
}
