/** Marks an invoice Stripe issued (for a Stripe subscription) beside its number; ours carry no tag. */
export function InvoiceSourceTag({ source }: { source: 'meterbill' | 'stripe' }) {
  if (source !== 'stripe') return null;
  return (
    <span data-testid="invoice-source-stripe" className="ml-2 font-sans text-xs font-normal text-slate-500">
      by Stripe
    </span>
  );
}
