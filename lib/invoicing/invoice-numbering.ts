// Gapless invoice numbers, per workspace. The counter row for (workspace, series, year) is incremented in the transaction that
// finalizes the invoice: the row lock queues concurrent finalizations one behind another, and a
// transaction that rolls back takes its increment with it, so numbers are never skipped or reused.
import { sql } from 'drizzle-orm';
import { formatInvoiceNumber, invoiceNumberSeries, invoiceNumberUsesYear } from '@/lib/billing/invoice-number';
import { selectRows, type Queryable } from '@/lib/db/client';

export type AssignedNumber = { number: string; series: string; year: number; sequence: number };

/**
 * The sequence a number is counted in: per series and year of issue (UTC), or one never-ending
 * sequence (year 0) when the format has no {year}, so 'INV-0001' is never issued twice.
 */
export function numberingKey(format: string, issuedAt: Date): { series: string; year: number; printedYear: number } {
  const printedYear = issuedAt.getUTCFullYear();
  return { series: invoiceNumberSeries(format), year: invoiceNumberUsesYear(format) ? printedYear : 0, printedYear };
}

/**
 * Takes the next `count` numbers in one step (a billing batch numbers all its invoices at once); must
 * run inside the transaction that finalizes the invoices.
 */
export async function assignInvoiceNumbers(tx: Queryable, format: string, issuedAt: Date, count: number): Promise<AssignedNumber[]> {
  if (count < 1) return [];
  const key = numberingKey(format, issuedAt);
  const [row] = await selectRows<{ last_number: number }>(
    tx,
    sql`insert into invoice_number_sequences (series, year, last_number) values (${key.series}, ${key.year}, ${count})
        on conflict (workspace_id, series, year) do update set last_number = invoice_number_sequences.last_number + ${count}
        returning last_number`,
  );
  const first = Number(row!.last_number) - count + 1;
  return Array.from({ length: count }, (_, i) => ({
    number: formatInvoiceNumber(format, { year: key.printedYear, number: first + i }),
    series: key.series,
    year: key.year,
    sequence: first + i,
  }));
}

/** Takes the next number; must run inside the transaction that finalizes the invoice. */
export async function assignInvoiceNumber(tx: Queryable, format: string, issuedAt: Date): Promise<AssignedNumber> {
  const [assigned] = await assignInvoiceNumbers(tx, format, issuedAt, 1);
  return assigned!;
}
