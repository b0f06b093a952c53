import type { EmailTemplate } from './email-template';
import { ThresholdAlertEmail, formatAlertValue, type ThresholdAlertEmailProps } from './threshold-alert';

export type UsageAlertEmailProps = ThresholdAlertEmailProps;

function subject({ alert }: UsageAlertEmailProps): string {
  return `Usage alert: ${alert.title}`;
}

function UsageAlertEmail(props: UsageAlertEmailProps) {
  const { alert, audience } = props;
  const what = alert.metric ? `Usage of ${alert.metric}` : audience === 'customer' ? 'Your usage' : 'Usage';
  const intro = `${what} has reached ${formatAlertValue(alert, alert.value)}, against an alert threshold of ${formatAlertValue(alert, alert.threshold)}.`;
  return <ThresholdAlertEmail kind="Usage alert" props={props} intro={intro} />;
}

export const usageAlert: EmailTemplate<UsageAlertEmailProps> = { subject, Email: UsageAlertEmail };
