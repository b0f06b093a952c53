import 'server-only';
// GET /api/admin/billing/reports/revenue and /deferred: what was invoiced, what was earned (recognized)
// and what is still owed as service (deferred), per currency and month. Built on recognize-line.ts:
//
// - What counts: every line of every issued invoice that stands (open, paid or uncollectible: a
//   written-off invoice was still earned; drafts and void invoices never were), Stripe's included, net
//   of tax. A line is recognized over its own service period, else its invoice's, else on the day it
//   was issued (a one-time charge). An invoice without lines is recognized as one line of its subtotal.
// - Credit notes (on invoices that are not void) reverse what they credit: the note's net amount is
//   split over the credited invoice's lines in proportion to their amounts (largest remainder), and each
//   part reverses its line over the line's days still to come from the note's day, at most what the
//   line has left to earn, the rest at once on the note's day (creditNoteReversal): a month already
//   reported never changes, and a plan change's credit of unused time leaves the old fee earning nothing.
// - invoiced: the net of the invoices issued in the month less the credit notes written in it.
// - recognized: what the month's days earned, whenever it was invoiced (usage billed in arrears is
//   earned on its period's days, before its invoice exists).
// - deferred_at_end: invoiced by the end of the month and not yet earned (a liability: paid-in-advance
//   fees). unbilled_at_end: earned by then and invoiced only later (usage and arrears fees of a period
//   still running at the month's end). So every month: invoiced = recognized + Δdeferred − Δunbilled.
// Currencies are never added together; every figure is exact in minor units.
import { sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { addUtcDays, parseUtcDay, utcDay } from '@/lib/time/utc-day';
import { allocateProportionally, creditNoteReversal, dayNumber, dayNumberOf, minorMoneyString, minorUnitsOf, recognizedBetween, recognizeLine, type DayNumber, type Recognition } from './recognize-line';
import { monthsOf, type ReportRange } from './report-query';

/** One thing that earns (an invoice line) or reverses (a credit note's part of a line) revenue. */
export type RevenueSource = { currency: string; issuedDay: DayNumber; invoicedMinor: bigint; recognition: Recognition };

export type RevenueMonth = {
  currency: string;
  month: string;
  /** the days of the month the row covers (a range may start or end inside a month) */
  from: string;
  to: string;
  invoiced: string;
  recognized: string;
  deferred_at_end: string;
  unbilled_at_end: string;
};

export type RevenueReport = {
  from: string;
  to: string;
  /** one row per currency and month, currencies alphabetically, months in order */
  data: RevenueMonth[];
  /** the same rows grouped per currency, as API.md states the shape: {currency, data: [{month, …}]} */
  currencies: { currency: string; data: Omit<RevenueMonth, 'currency'>[] }[];
};

export const REVENUE_COLUMNS = ['currency', 'month', 'from', 'to', 'invoiced', 'recognized', 'deferred_at_end', 'unbilled_at_end'] as const satisfies readonly (keyof RevenueMonth)[];
export const DEFERRED_COLUMNS = ['currency', 'deferred', 'unbilled'] as const;

const FAR_FUTURE: DayNumber = Number.MAX_SAFE_INTEGER;
const FAR_PAST: DayNumber = Number.MIN_SAFE_INTEGER;

/** The rows of a report, from its sources: pure, so the arithmetic is tested without a database. */
export function revenueMonths(sources: RevenueSource[], range: Pick<ReportRange, 'from' | 'to'>): RevenueMonth[] {
  const currencies = [...new Set(sources.map((s) => s.currency))].sort();
  const rows: RevenueMonth[] = [];
  for (const currency of currencies) {
    const mine = sources.filter((s) => s.currency === currency);
    for (const month of monthsOf(range)) {
      const first = dayNumberOf(month.from);
      const last = dayNumberOf(month.to);
      let invoiced = 0n;
      let recognized = 0n;
      let deferred = 0n;
      let unbilled = 0n;
      for (const s of mine) {
        if (s.issuedDay >= first && s.issuedDay <= last) invoiced += s.invoicedMinor;
        recognized += recognizedBetween(s.recognition, first, last);
        if (s.issuedDay <= last) deferred += recognizedBetween(s.recognition, last + 1, FAR_FUTURE);
        else unbilled += recognizedBetween(s.recognition, FAR_PAST, last);
      }
      const money = (minor: bigint) => minorMoneyString(minor, currency);
      rows.push({ currency, ...month, invoiced: money(invoiced), recognized: money(recognized), deferred_at_end: money(deferred), unbilled_at_end: money(unbilled) });
    }
  }
  return rows;
}

type LineRow = {
  invoice_id: string;
  currency: string;
  issued_at: string | Date;
  amount: string;
  line_start: string | Date | null;
  line_end: string | Date | null;
  invoice_start: string | Date | null;
  invoice_end: string | Date | null;
};

type CreditNoteRow = { invoice_id: string; currency: string; subtotal: string; created_at: string | Date };

const date = (value: string | Date | null) => (value === null ? null : new Date(value));

/** The line's service period: its own, else its invoice's, else the day it was issued. */
function lineRecognition(row: LineRow): Recognition {
  const [start, end] = row.line_start && row.line_end ? [row.line_start, row.line_end] : row.invoice_start && row.invoice_end ? [row.invoice_start, row.invoice_end] : [row.issued_at, null];
  return recognizeLine({ amount: row.amount, currency: row.currency, start: date(start)!, end: date(end) });
}

// The invoices that stand, each line with the periods it may be recognized over; an invoice without
// lines stands for one line of its subtotal.
const STANDING_LINES = sql`
  select i.id as invoice_id, i.currency, i.issued_at, coalesce(l.amount, i.subtotal)::text as amount,
         l.period_start as line_start, l.period_end as line_end, i.period_start as invoice_start, i.period_end as invoice_end
    from invoices i
    left join invoice_lines l on l.invoice_id = i.id
   where i.status in ('open', 'paid', 'uncollectible') and i.issued_at is not null`;

/**
 * Everything that touches the range: lines issued in it, lines issued before it whose days reach into
 * or past it (deferred), lines issued after it whose days started before its end (earned in it, or
 * unbilled at its end); credit notes written before its end, with the lines of the invoices they credit.
 */
export async function loadRevenueSources(db: Queryable, range: Pick<ReportRange, 'start' | 'end'>): Promise<RevenueSource[]> {
  const { start, end } = range;
  const lines = await selectRows<LineRow>(
    db,
    sql`select * from (${STANDING_LINES}) x
         where (x.issued_at < ${end} and (x.issued_at >= ${start} or coalesce(x.line_end, x.invoice_end) > ${start}))
            or (x.issued_at >= ${end} and coalesce(x.line_start, x.invoice_start) < ${end})
         order by x.issued_at, x.invoice_id`,
  );
  const notes = await selectRows<CreditNoteRow>(
    db,
    sql`select cn.invoice_id, cn.currency, cn.subtotal::text as subtotal, cn.created_at
          from credit_notes cn
          join invoices i on i.id = cn.invoice_id
         where i.status in ('open', 'paid', 'uncollectible') and i.issued_at is not null and cn.created_at < ${end}
           and (cn.created_at >= ${start} or i.period_end > ${start} or exists (select 1 from invoice_lines l where l.invoice_id = i.id and l.period_end > ${start}))
         order by cn.created_at, cn.id`,
  );
  const creditedIds = [...new Set(notes.map((n) => n.invoice_id))];
  const creditedLines = creditedIds.length
    ? await selectRows<LineRow>(db, sql`select * from (${STANDING_LINES}) x where x.invoice_id = any(${`{${creditedIds.join(',')}}`}::uuid[]) order by x.invoice_id`)
    : [];

  const sources: RevenueSource[] = lines.map((row) => {
    const recognition = lineRecognition(row);
    return { currency: row.currency, issuedDay: dayNumber(new Date(row.issued_at)), invoicedMinor: recognition.minor, recognition };
  });
  const linesOf = new Map<string, Recognition[]>();
  for (const row of creditedLines) linesOf.set(row.invoice_id, [...(linesOf.get(row.invoice_id) ?? []), lineRecognition(row)]);
  // notes in the order written: each one's reversal is limited by what the earlier ones left to earn
  const reversalsOf = new Map<Recognition, Recognition[]>();
  for (const note of notes) {
    const writtenAt = new Date(note.created_at);
    const credited = linesOf.get(note.invoice_id) ?? [];
    const total = minorUnitsOf(note.subtotal, note.currency);
    const parts = allocateProportionally(total, credited.map((l) => l.minor));
    credited.forEach((line, i) => {
      const earlier = reversalsOf.get(line) ?? [];
      const reversals = creditNoteReversal(line, earlier, parts[i]!, writtenAt);
      reversalsOf.set(line, [...earlier, ...reversals]);
      for (const reversal of reversals) sources.push({ currency: note.currency, issuedDay: dayNumber(writtenAt), invoicedMinor: reversal.minor, recognition: reversal });
    });
  }
  return sources;
}

export async function getRevenueReport(db: Queryable, range: ReportRange): Promise<RevenueReport> {
  const data = revenueMonths(await loadRevenueSources(db, range), range);
  const currencies = [...new Set(data.map((r) => r.currency))].map((currency) => ({
    currency,
    data: data.filter((r) => r.currency === currency).map(({ currency: _currency, ...month }) => month),
  }));
  return { from: range.from, to: range.to, data, currencies };
}

export type DeferredReport = { as_of: string; data: { currency: string; deferred: string; unbilled: string }[] };

/**
 * GET /api/admin/billing/reports/deferred?as_of=: at the end of the UTC day `as_of`, what has been
 * invoiced and not yet earned, per currency (and, beside it, what has been earned and not yet invoiced);
 * a currency with neither is left out.
 * The same figure as the revenue report's deferred_at_end of the month ending that day.
 */
export async function getDeferredReport(db: Queryable, asOf: string): Promise<DeferredReport> {
  const range = { from: asOf, to: asOf, start: parseUtcDay(asOf), end: addUtcDays(parseUtcDay(asOf), 1) };
  const rows = revenueMonths(await loadRevenueSources(db, range), range);
  const nothing = (r: RevenueMonth) => /^[0.]+$/.test(r.deferred_at_end) && /^[0.]+$/.test(r.unbilled_at_end);
  return { as_of: asOf, data: rows.filter((r) => !nothing(r)).map((r) => ({ currency: r.currency, deferred: r.deferred_at_end, unbilled: r.unbilled_at_end })) };
}

/** The UTC day of an instant: the default `as_of`. */
export const todayOf = (now: Date) => utcDay(now);
