import { formatPeriod } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { ActionButton, DetailTable, EmailLayout, Greeting, Muted, Paragraph, type DetailRow } from './email-layout';
import type { BrandedProps, EmailTemplate } from './email-template';

export type UpcomingInvoiceEmailProps = BrandedProps & {
  customerName: string | null;
  periodStart: string;
  periodEnd: string;
  /** the open period's cost so far, tax excluded */
  amount: string;
  currency: string;
  threshold: string | null;
  usageUrl: string;
};

function subject({ brand, amount, currency, periodStart, periodEnd }: UpcomingInvoiceEmailProps): string {
  return `Your ${brand.companyName} charges so far: ${formatMoney(amount, currency)} for ${formatPeriod(periodStart, periodEnd)}`;
}

function UpcomingInvoiceEmail(props: UpcomingInvoiceEmailProps) {
  const { brand, customerName, periodStart, periodEnd, amount, currency, threshold, usageUrl } = props;
  const period = formatPeriod(periodStart, periodEnd);
  const rows: DetailRow[] = [
    { label: 'Billing period', value: period },
    { label: 'Charges so far', value: formatMoney(amount, currency), emphasis: true },
  ];
  if (threshold) rows.push({ label: 'Notification threshold', value: formatMoney(threshold, currency) });
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="Your charges so far this period">
      <Greeting name={customerName} />
      <Paragraph>
        Your current billing period ({period}) has cost {formatMoney(amount, currency)} so far, before tax. It is invoiced when the period ends, with any usage still to come.
      </Paragraph>
      <DetailTable rows={rows} />
      {threshold ? <Muted>You receive this message because the period’s charges passed {formatMoney(threshold, currency)}.</Muted> : null}
      <ActionButton brand={brand} href={usageUrl}>
        View your usage
      </ActionButton>
    </EmailLayout>
  );
}

export const upcomingInvoice: EmailTemplate<UpcomingInvoiceEmailProps> = { subject, Email: UpcomingInvoiceEmail };
