import { ChartReadout } from '@/components/chart-readout';
import { Table, TBody, Td, Th, THead } from '@/components/table';
import { allowanceLine, barSlot, dayIndex, labelledDays, niceTicks, scaleHeight, type AllowanceLine } from '@/lib/usage/chart-geometry';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatDate, formatShortDate } from '@/lib/format/format-date';
import { formatQuantity, formatQuantityWithUnit } from '@/lib/format/format-number';
import { parseUtcDay } from '@/lib/time/utc-day';
import type { DailySeries } from '@/lib/usage/daily-usage';
import type { Aggregation } from '@/lib/usage/usage-aggregation';

// The plot's coordinate system; the SVG scales to its container's width.
const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 56, right: 12, top: 26, bottom: 28 };
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

/** The legend's words for the allowance line. */
function allowanceText(line: AllowanceLine, unit: string): string {
  const amount = (value: string) => formatQuantityWithUnit(value, unit);
  if (line.kind === 'level') return `Included in the plan: ${amount(line.included)} (each day’s level)`;
  return `Included allowance as a per-day share: ${amount(line.included)} a period ÷ ${line.periodDays} days = ${amount(line.value)} a day`;
}

export type ChartAllowance = { included: string; periodDays: number } | null;

/**
 * A bar per UTC day for one metric: an inline SVG, server-rendered, no chart library. Round y-axis
 * ticks, the plan's included allowance as a dashed line, the start of the current billing period
 * marked. Each day is a focusable image labelled with its date and value (arrow keys move between
 * days); ChartReadout adds a visible tooltip on hover and focus. The numbers are in a table below too.
 */
export function UsageChart({
  series,
  from,
  to,
  allowance,
  periodStartDay,
}: {
  series: DailySeries;
  from: string;
  to: string;
  /** the plan's included units of this metric per period, when it includes any */
  allowance: ChartAllowance;
  /** the UTC day the current billing period started */
  periodStartDay: string | null;
}) {
  const { peak } = describe(series);
  const line = allowance ? allowanceLine(allowance.included, series.aggregation, allowance.periodDays) : null;
  // geometry is display only, so numbers are fine here; every label prints the exact strings
  const ticks = niceTicks(Math.max(peak ? Number(peak.quantity) : 0, line ? Number(line.value) : 0));
  const top = ticks.at(-1)!;
  const baseline = PLOT.top + PLOT_HEIGHT;
  const y = (value: number) => baseline - scaleHeight(value, top, PLOT_HEIGHT);
  const days = series.points.map((p) => p.day);
  const labelled = new Set(labelledDays(days.length));
  const boundary = periodStartDay ? dayIndex(days, periodStartDay) : null;
  const boundaryX = boundary === null ? null : barSlot(boundary, days.length, { left: PLOT.left, width: PLOT_WIDTH }).slotX;
  const summary = chartSummary(series, from, to);
  const readout = (point: Point) => `${formatDate(parseUtcDay(point.day))}: ${formatQuantityWithUnit(point.quantity, series.unit)}`;

  return (
    <figure data-testid="usage-chart" data-metric={series.metric} data-days={days.length} className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-slate-900">
          {series.name}
          {series.unit ? <span className="font-normal text-slate-500"> ({series.unit})</span> : null}
        </span>
        <span className="text-xs text-slate-500">{PER_DAY[series.aggregation]}, UTC days</span>
      </figcaption>
      <ChartReadout>
        <svg
          role="group"
          aria-label={summary}
          aria-roledescription="bar chart"
          data-testid="usage-chart-svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="h-auto w-full"
          preserveAspectRatio="xMidYMid meet"
        >
          {/* the y axis: a gridline and a label per tick */}
          <g aria-hidden="true" data-testid="usage-chart-y-axis">
            {ticks.map((tick) => (
              <g key={tick} data-testid="usage-chart-tick" data-value={tick}>
                <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? 'stroke-slate-300' : 'stroke-slate-200'} strokeDasharray={tick === 0 ? undefined : '3 4'} />
                <text x={PLOT.left - 8} y={y(tick) + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
                  {formatQuantity(String(tick))}
                </text>
              </g>
            ))}
          </g>
          {series.points.map((point, index) => {
            const slot = barSlot(index, days.length, { left: PLOT.left, width: PLOT_WIDTH });
            const height = scaleHeight(Number(point.quantity), top, PLOT_HEIGHT);
            return (
              <g
                key={point.day}
                data-chart-point
                data-testid="usage-chart-bar"
                data-day={point.day}
                data-quantity={point.quantity}
                role="img"
                aria-label={readout(point)}
                // one tab stop for the chart (the last day); the arrow keys move between days
                tabIndex={index === days.length - 1 ? 0 : -1}
                className="group cursor-default outline-none"
              >
                {/* the whole column answers the pointer, so a day with nothing still has a readout */}
                <rect x={slot.slotX} y={PLOT.top} width={slot.slotWidth} height={PLOT_HEIGHT} className="fill-transparent group-hover:fill-slate-100 group-focus-visible:fill-indigo-50" />
                <rect x={slot.x} y={baseline - height} width={slot.width} height={height} rx={Math.min(2, slot.width / 4)} className="fill-indigo-500 group-hover:fill-indigo-700 group-focus-visible:fill-indigo-700" />
                <rect x={slot.slotX + 0.5} y={PLOT.top + 0.5} width={Math.max(slot.slotWidth - 1, 0)} height={PLOT_HEIGHT - 1} className="fill-none stroke-transparent group-focus-visible:stroke-indigo-700" strokeWidth={1.5} />
              </g>
            );
          })}
          {boundaryX !== null ? (
            <g aria-hidden="true" data-testid="usage-chart-period-start" data-day={periodStartDay}>
              <line x1={boundaryX} x2={boundaryX} y1={PLOT.top - 4} y2={baseline} className="stroke-slate-600" strokeWidth={1.5} strokeDasharray="2 3" />
              <text x={boundaryX + 4} y={PLOT.top - 10} textAnchor={boundaryX > WIDTH - 140 ? 'end' : 'start'} className="fill-slate-600 text-[11px]">
                Period start
              </text>
            </g>
          ) : null}
          {line ? (
            <g aria-hidden="true" data-testid="usage-chart-allowance" data-kind={line.kind} data-value={line.value}>
              <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(Number(line.value))} y2={y(Number(line.value))} className="stroke-amber-600" strokeWidth={2} strokeDasharray="6 4" />
            </g>
          ) : null}
          <g aria-hidden="true">
            {series.points.map((point, index) =>
              labelled.has(index) ? (
                <text
                  key={point.day}
                  x={barSlot(index, days.length, { left: PLOT.left, width: PLOT_WIDTH }).center}
                  y={HEIGHT - 8}
                  textAnchor={index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle'}
                  className="fill-slate-500 text-[11px]"
                >
                  {formatShortDate(parseUtcDay(point.day))}
                </text>
              ) : null,
            )}
          </g>
        </svg>
      </ChartReadout>
      <ul data-testid="usage-chart-legend" className="mt-3 flex flex-wrap gap-x-5 gap-y-1.5 text-xs text-slate-600">
        <li className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm bg-indigo-500" />
          {PER_DAY[series.aggregation]}
        </li>
        {line ? (
          <li className="inline-flex items-center gap-1.5" data-testid="usage-chart-allowance-legend">
            <svg aria-hidden="true" width="18" height="6" className="shrink-0">
              <line x1="0" x2="18" y1="3" y2="3" className="stroke-amber-600" strokeWidth={2} strokeDasharray="6 4" />
            </svg>
            {allowanceText(line, series.unit)}
          </li>
        ) : null}
        {boundaryX !== null && periodStartDay ? (
          <li className="inline-flex items-center gap-1.5" data-testid="usage-chart-period-legend">
            <svg aria-hidden="true" width="6" height="12" className="shrink-0">
              <line x1="3" x2="3" y1="0" y2="12" className="stroke-slate-600" strokeWidth={1.5} strokeDasharray="2 3" />
            </svg>
            Current billing period started {formatDate(parseUtcDay(periodStartDay))}
          </li>
        ) : null}
      </ul>
      <p className="mt-2 text-sm text-slate-500" data-testid="usage-chart-summary">
        {summary} Hover over a day, or focus the chart and use the arrow keys, to read its value.
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
