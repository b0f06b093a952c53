import { Money } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import type { payments } from '@/lib/db/schema';
import { formatDate, formatDateTime, type DateInput } from '@/lib/format/format-date';
import { humanize } from '@/lib/format/format-text';

// The payments and credit notes of an invoice's admin page and of a customer's, one table each. A
// customer's rows name the invoice they belong to; an invoice's rows say the payment's reference and
// link each credit note's PDF instead, as there the invoice is the page itself.

type PaymentRow = Pick<typeof payments.$inferSelect, 'id' | 'createdAt' | 'method' | 'amount' | 'currency' | 'status' | 'failureMessage' | 'reference' | 'stripeChargeId'> & {
  invoiceNumber?: string | null;
};

export function PaymentsTable({ payments, on }: { payments: PaymentRow[]; on: 'invoice' | 'customer' }) {
  const onInvoice = on === 'invoice';
  return (
    <Table label="Payments">
      <THead>
        <Th>Date</Th>
        {onInvoice ? null : <Th>Invoice</Th>}
        <Th>Method</Th>
        <Th align="right">Amount</Th>
        <Th>Status</Th>
        {onInvoice ? <Th>Reference</Th> : null}
      </THead>
      <TBody>
        {payments.length === 0 ? (
          <EmptyRow colSpan={5}>No payments yet.</EmptyRow>
        ) : (
          payments.map((p) => (
            <tr key={p.id} data-testid={onInvoice ? 'invoice-payment-row' : 'payment-row'}>
              <Td>{formatDateTime(p.createdAt)}</Td>
              {onInvoice ? null : <Td className="font-mono text-[13px]">{p.invoiceNumber ?? 'Draft'}</Td>}
              <Td>{humanize(p.method)}</Td>
              <Td align="right" strong>
                <Money amount={p.amount} currency={p.currency} />
              </Td>
              <Td>
                <StatusBadge status={p.status} />
                {p.failureMessage ? <span className="ml-2 text-xs text-slate-500">{p.failureMessage}</span> : null}
              </Td>
              {onInvoice ? <Td className="font-mono text-xs">{p.reference ?? p.stripeChargeId ?? '—'}</Td> : null}
            </tr>
          ))
        )}
      </TBody>
    </Table>
  );
}

type CreditNoteRow = { id: string; number: string; createdAt: DateInput; reason: string; method: string; total: string; currency: string; invoiceNumber?: string | null };

/** On an invoice's page `documents` is the invoice's documents URL, under which each credit note's PDF is. */
export function CreditNotesTable({ notes, ...page }: { notes: CreditNoteRow[] } & ({ on: 'invoice'; documents: string } | { on: 'customer' })) {
  return (
    <Table label="Credit notes">
      <THead>
        <Th>Credit note</Th>
        {page.on === 'customer' ? <Th>Invoice</Th> : null}
        <Th>Date</Th>
        <Th>Reason</Th>
        <Th align="right">Total</Th>
        {page.on === 'invoice' ? <Th>Document</Th> : null}
      </THead>
      <TBody>
        {notes.length === 0 ? (
          <EmptyRow colSpan={5}>No credit notes.</EmptyRow>
        ) : (
          notes.map((n) => (
            <tr key={n.id} data-testid={page.on === 'invoice' ? 'invoice-credit-note-row' : 'credit-note-row'}>
              <Td strong className="font-mono text-[13px]">
                {n.number}
              </Td>
              {page.on === 'customer' ? <Td className="font-mono text-[13px]">{n.invoiceNumber ?? '—'}</Td> : null}
              <Td>{formatDate(n.createdAt)}</Td>
              {/* an invoice's page lets a long reason wrap; a customer's keeps each row to one line */}
              <Td className={page.on === 'invoice' ? 'whitespace-normal' : undefined}>
                {n.reason} ({n.method})
              </Td>
              <Td align="right" strong>
                <Money amount={n.total} currency={n.currency} />
              </Td>
              {page.on === 'invoice' ? (
                <Td>
                  <a href={`${page.documents}/credit-notes/${n.id}/pdf`} className="text-indigo-700 hover:underline">
                    PDF<span className="sr-only"> of {n.number}</span>
                  </a>
                </Td>
              ) : null}
            </tr>
          ))
        )}
      </TBody>
    </Table>
  );
}
