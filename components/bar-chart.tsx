// A bar chart as the portal's usage chart draws one (app/billing/usage/usage-chart.tsx): inline SVG,
// server-rendered, no chart library, scaled to its container by its viewBox so it fits a 375 px phone
// without widening the page. Groups along the x axis (months, age buckets), one bar per series in each
// (invoiced and collected side by side); negative values hang below a zero line. Every bar is a
// focusable image labelled with its figure, with a <title> for the pointer; ChartReadout adds the
// visible readout on focus and hover and moves between bars with the arrow keys. The figures are in a
// table under the chart too. Colours are the palette's semantic classes (app/globals.css flips them in
// dark mode); text is fill-current shades of slate.
import type { ReactNode } from 'react';
import { ChartReadout } from '@/components/chart-readout';
import { Table, TBody, Td, Th, THead } from '@/components/table';
import { barSlot, valueAxis } from '@/lib/usage/chart-geometry';

export type ChartTone = 'indigo' | 'emerald' | 'amber' | 'red' | 'slate';

const TONE: Record<ChartTone, { bar: string; swatch: string }> = {
  indigo: { bar: 'fill-indigo-500 group-hover:fill-indigo-700 group-focus-visible:fill-indigo-700', swatch: 'bg-indigo-500' },
  emerald: { bar: 'fill-emerald-500 group-hover:fill-emerald-700 group-focus-visible:fill-emerald-700', swatch: 'bg-emerald-500' },
  amber: { bar: 'fill-amber-500 group-hover:fill-amber-700 group-focus-visible:fill-amber-700', swatch: 'bg-amber-500' },
  red: { bar: 'fill-red-500 group-hover:fill-red-700 group-focus-visible:fill-red-700', swatch: 'bg-red-500' },
  slate: { bar: 'fill-slate-400 group-hover:fill-slate-600 group-focus-visible:fill-slate-600', swatch: 'bg-slate-400' },
};

/** `named`: a lone series' label leads its bars' readouts too ("MRR, March 2026: $400.00"). */
export type ChartSeries = { key: string; label: string; tone: ChartTone; named?: boolean };

/** One bar: the exact figure (a decimal string: display geometry only turns it into a number) and how it reads. */
export type ChartValue = { value: string; text: string; tone?: ChartTone };

export type ChartGroup = {
  key: string;
  /** under the axis: short ("Mar") */
  label: string;
  /** in the readout and the table: in full ("March 2026") */
  title: string;
  /** by series key */
  values: Record<string, ChartValue>;
};

// The plot's coordinate system; the SVG scales to its container's width. Narrower than the usage
// chart's so its 13-unit text still reads at phone width.
const WIDTH = 480;
const HEIGHT = 220;
const PLOT = { left: 64, right: 8, top: 14, bottom: 26 };
const PLOT_WIDTH = WIDTH - PLOT.left - PLOT.right;
const PLOT_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;

export function BarChart({
  testId,
  title,
  note,
  summary,
  series,
  groups,
  formatTick,
  tableLabel,
  groupHeading,
  domainMax,
  empty,
}: {
  testId: string;
  title: ReactNode;
  /** what a bar stands for, on the caption's right */
  note?: ReactNode;
  /** the sentence a screen reader hears for the whole chart; printed under it too */
  summary: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** an axis tick's text (display only, so a number) */
  formatTick: (value: number) => string;
  tableLabel: string;
  groupHeading: string;
  /** the axis reaches at least this far (100 for a percentage) */
  domainMax?: number;
  /** shown instead of the plot when there is nothing to draw */
  empty?: ReactNode;
}) {
  const numbers = groups.flatMap((g) => series.map((s) => Number(g.values[s.key]?.value ?? 0)));
  const { ticks, low, high } = valueAxis(domainMax === undefined ? numbers : [...numbers, domainMax]);
  const y = (value: number) => PLOT.top + ((high - value) / (high - low)) * PLOT_HEIGHT;
  const zero = y(0);
  const lastIndex = groups.length * series.length - 1;

  return (
    <figure data-testid={testId} className="min-w-0 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-slate-900">{title}</span>
        {note ? <span className="text-xs text-slate-500">{note}</span> : null}
      </figcaption>
      {empty ? (
        <p className="py-6 text-center text-sm text-slate-500" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <>
          <ChartReadout>
            <svg role="group" aria-label={summary} aria-roledescription="bar chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" preserveAspectRatio="xMidYMid meet" data-testid="bar-chart-svg">
              <g aria-hidden="true">
                {ticks.map((tick) => (
                  <g key={tick}>
                    <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? 'stroke-slate-300' : 'stroke-slate-200'} strokeDasharray={tick === 0 ? undefined : '3 4'} />
                    <text x={PLOT.left - 6} y={y(tick) + 4} textAnchor="end" className="fill-slate-500 text-[12px]">
                      {formatTick(tick)}
                    </text>
                  </g>
                ))}
              </g>
              {groups.map((group, gi) => {
                const slot = barSlot(gi, groups.length, { left: PLOT.left, width: PLOT_WIDTH });
                const inner = slot.slotWidth * 0.78;
                const barWidth = Math.max(inner / series.length - (series.length > 1 ? 1.5 : 0), 1);
                return series.map((s, si) => {
                  const value = group.values[s.key] ?? { value: '0', text: '—' };
                  const n = Number(value.value);
                  const x = slot.slotX + (slot.slotWidth - inner) / 2 + si * (inner / series.length);
                  const top = Math.min(y(n), zero);
                  const height = Math.abs(y(n) - zero);
                  const label = series.length > 1 ? `${group.title}, ${s.label}: ${value.text}` : `${s.named ? `${s.label}, ` : ''}${group.title}: ${value.text}`;
                  const index = gi * series.length + si;
                  return (
                    <g
                      key={`${group.key}-${s.key}`}
                      data-chart-point
                      data-testid="bar-chart-bar"
                      data-group={group.key}
                      data-series={s.key}
                      data-value={value.value}
                      role="img"
                      aria-label={label}
                      // one tab stop per chart (the latest bar); the arrow keys move between bars
                      tabIndex={index === lastIndex ? 0 : -1}
                      className="group cursor-default outline-none"
                    >
                      <title>{label}</title>
                      {/* the whole column answers the pointer, so a zero still has a readout */}
                      <rect x={x} y={PLOT.top} width={inner / series.length} height={PLOT_HEIGHT} className="fill-transparent group-hover:fill-slate-100 group-focus-visible:fill-indigo-50" />
                      <rect x={x + (series.length > 1 ? 0.75 : 0)} y={top} width={barWidth} height={height} rx={Math.min(2, barWidth / 4)} className={TONE[value.tone ?? s.tone].bar} />
                      <rect x={x + 0.5} y={PLOT.top + 0.5} width={Math.max(inner / series.length - 1, 0)} height={PLOT_HEIGHT - 1} className="fill-none stroke-transparent group-focus-visible:stroke-indigo-700" strokeWidth={1.5} />
                    </g>
                  );
                });
              })}
              <g aria-hidden="true">
                {groups.map((group, gi) => (
                  <text key={group.key} x={barSlot(gi, groups.length, { left: PLOT.left, width: PLOT_WIDTH }).center} y={HEIGHT - 8} textAnchor="middle" className="fill-slate-500 text-[12px]">
                    {group.label}
                  </text>
                ))}
              </g>
            </svg>
          </ChartReadout>
          {series.length > 1 ? (
            <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-1.5 text-xs text-slate-600">
              {series.map((s) => (
                <li key={s.key} className="inline-flex items-center gap-1.5">
                  <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${TONE[s.tone].swatch}`} />
                  {s.label}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      <p className="mt-2 text-sm text-slate-500" data-testid={`${testId}-summary`}>
        {summary}
      </p>
      {empty ? null : (
        <details className="mt-3 text-sm" data-testid={`${testId}-data`}>
          <summary className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-800">Show the numbers</summary>
          <div className="mt-3 max-h-80 overflow-y-auto">
            <Table label={tableLabel}>
              <THead>
                <Th>{groupHeading}</Th>
                {series.map((s) => (
                  <Th key={s.key} align="right">
                    {s.label}
                  </Th>
                ))}
              </THead>
              <TBody>
                {groups.map((group) => (
                  <tr key={group.key}>
                    <Td>{group.title}</Td>
                    {series.map((s) => (
                      <Td key={s.key} align="right">
                        {group.values[s.key]?.text ?? '—'}
                      </Td>
                    ))}
                  </tr>
                ))}
              </TBody>
            </Table>
          </div>
        </details>
      )}
    </figure>
  );
}
