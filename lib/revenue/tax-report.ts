import 'server-only';
// GET /api/admin/billing/reports/tax?from=&to=: the base of a VAT return or an OSS filing. One row per
// currency, buyer country, tax rate and treatment, with the net, the tax and how many documents made it.
//
// - Invoices: every issued invoice that stands (open, paid, uncollectible; not draft or void) whose
//   issue day (UTC) is in the range, Stripe's included, as the accounting export counts them. Its figures
//   are the invoice's own subtotal and tax, so each row is the exact sum of its invoices.
// - Credit notes written in the range (on invoices that are not void) are subtracted, in the row of the
//   invoice they correct (its country, rate and treatment), as a VAT return declares the correction in
//   the period the credit note is issued: net and tax are then the invoices' less the notes'.
// - Treatment as the invoice states it (lib/invoicing/invoice-view): reverse_charge (an exempt B2B buyer
//   with a VAT id self-accounts), exempt, or standard at the invoice's rate.
// - Country: the buyer's as printed on the invoice (its snapshot), else the customer's; null when unknown.
import type Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { toExact } from '@/lib/billing/exact-decimal';
import { decimalString, moneyString } from '@/lib/billing/money';
import { selectRows, type Queryable } from '@/lib/db/client';
import type { ReportRange } from './report-query';

export const TAX_TREATMENTS = ['standard', 'reverse_charge', 'exempt'] as const;

export type TaxRow = {
  currency: string;
  country: string | null;
  tax_rate: string;
  treatment: (typeof TAX_TREATMENTS)[number];
  net: string;
  tax: string;
  gross: string;
  invoice_count: number;
  credit_note_count: number;
  /** the credit notes' part, already subtracted from net and tax (0 without any) */
  credited_net: string;
  credited_tax: string;
};

export const TAX_COLUMNS = ['currency', 'country', 'tax_rate', 'treatment', 'net', 'tax', 'gross', 'invoice_count', 'credit_note_count', 'credited_net', 'credited_tax'] as const satisfies readonly (keyof TaxRow)[];

export type TaxReport = { from: string; to: string; data: TaxRow[] };

type Aggregate = {
  currency: string;
  country: string | null;
  tax_rate: string;
  treatment: TaxRow['treatment'];
  invoiced_net: string;
  invoiced_tax: string;
  credited_net: string;
  credited_tax: string;
  invoice_count: number;
  credit_note_count: number;
};

export async function getTaxReport(db: Queryable, range: ReportRange): Promise<TaxReport> {
  const rows = await selectRows<Aggregate>(
    db,
    sql`
      with documents as (
        select i.id as invoice_id, i.currency, i.subtotal as net, i.tax, 1 as invoices, 0 as notes from invoices i
         where i.status in ('open', 'paid', 'uncollectible') and i.issued_at >= ${range.start} and i.issued_at < ${range.end}
        union all
        select cn.invoice_id, cn.currency, -cn.subtotal, -cn.tax, 0, 1 from credit_notes cn
          join invoices i on i.id = cn.invoice_id
         where i.status <> 'void' and cn.created_at >= ${range.start} and cn.created_at < ${range.end}
      )
      select d.currency,
             upper(coalesce(nullif(i.buyer->>'country', ''), c.country)) as country,
             i.tax_rate::text as tax_rate,
             case when i.reverse_charge then 'reverse_charge' when i.tax_exempt then 'exempt' else 'standard' end as treatment,
             coalesce(sum(d.net) filter (where d.invoices = 1), 0)::text as invoiced_net,
             coalesce(sum(d.tax) filter (where d.invoices = 1), 0)::text as invoiced_tax,
             coalesce(-sum(d.net) filter (where d.notes = 1), 0)::text as credited_net,
             coalesce(-sum(d.tax) filter (where d.notes = 1), 0)::text as credited_tax,
             sum(d.invoices)::int as invoice_count,
             sum(d.notes)::int as credit_note_count
        from documents d
        join invoices i on i.id = d.invoice_id
        join customers c on c.id = i.customer_id
       group by 1, 2, 3, 4
       order by 1, 2 nulls last, 3 desc, 4`,
  );
  return {
    from: range.from,
    to: range.to,
    data: rows.map((r) => {
      const money = (v: Decimal.Value) => moneyString(v, r.currency);
      const net = money(toExact(r.invoiced_net).minus(r.credited_net));
      const tax = money(toExact(r.invoiced_tax).minus(r.credited_tax));
      return {
        currency: r.currency,
        country: r.country,
        tax_rate: decimalString(r.tax_rate),
        treatment: r.treatment,
        net,
        tax,
        gross: money(toExact(net).plus(tax)),
        invoice_count: Number(r.invoice_count),
        credit_note_count: Number(r.credit_note_count),
        credited_net: money(r.credited_net),
        credited_tax: money(r.credited_tax),
      };
    }),
  };
}
