// The body usage_alert and budget_alert share: a value that passed a threshold, in money when the
// alert names a currency, else as a quantity.
import { formatPeriod } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { formatQuantity } from '@/lib/format/format-number';
import { ActionButton, DetailTable, EmailLayout, Greeting, Paragraph, type DetailRow } from './email-layout';
import type { BrandedProps } from './email-template';
import type { ThresholdAlertPayload } from './email-payloads';

export type ThresholdAlertEmailProps = BrandedProps & {
  /** who it is addressed to: the customer, or the workspace's admins (null: no name) */
  audience: 'customer' | 'admin';
  recipientName: string | null;
  alert: ThresholdAlertPayload;
  /** where to look closer: the customer's usage page, or the admin overview */
  link: string;
};

export function formatAlertValue(alert: Pick<ThresholdAlertPayload, 'currency'>, value: string): string {
  return alert.currency ? formatMoney(value, alert.currency) : formatQuantity(value);
}

/** "80%": floored, so an alert at 99.6% never reads as the threshold reached. */
export function formatPercent(percent: number): string {
  return `${formatQuantity(String(Math.floor(percent)))}%`;
}

export function ThresholdAlertEmail({ kind, props, intro }: { kind: string; props: ThresholdAlertEmailProps; intro: string }) {
  const { brand, audience, recipientName, alert, link } = props;
  const rows: DetailRow[] = [];
  if (alert.metric) rows.push({ label: 'Metric', value: alert.metric });
  rows.push({ label: 'Current', value: formatAlertValue(alert, alert.value), emphasis: true }, { label: 'Threshold', value: formatAlertValue(alert, alert.threshold) });
  if (alert.percent !== null && alert.percent !== undefined) rows.push({ label: 'Of threshold', value: formatPercent(alert.percent) });
  if (alert.period_start && alert.period_end) rows.push({ label: 'Period', value: formatPeriod(alert.period_start, alert.period_end) });
  return (
    <EmailLayout brand={brand} preview={`${kind}: ${alert.title}`} heading={alert.title}>
      <Greeting name={recipientName} />
      <Paragraph>{intro}</Paragraph>
      <DetailTable rows={rows} />
      <ActionButton brand={brand} href={link}>
        {audience === 'customer' ? 'View your usage' : 'Open the dashboard'}
      </ActionButton>
    </EmailLayout>
  );
}
