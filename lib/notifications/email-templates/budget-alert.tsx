import type { EmailTemplate } from './email-template';
import { ThresholdAlertEmail, formatAlertValue, type ThresholdAlertEmailProps } from './threshold-alert';

export type BudgetAlertEmailProps = ThresholdAlertEmailProps;

function subject({ alert }: BudgetAlertEmailProps): string {
  return `Budget alert: ${alert.title}`;
}

function BudgetAlertEmail(props: BudgetAlertEmailProps) {
  const { alert, audience } = props;
  const who = audience === 'customer' ? 'Your spending' : 'Spending';
  const intro = `${who} has reached ${formatAlertValue(alert, alert.value)}, against a budget of ${formatAlertValue(alert, alert.threshold)}.`;
  return <ThresholdAlertEmail kind="Budget alert" props={props} intro={intro} />;
}

export const budgetAlert: EmailTemplate<BudgetAlertEmailProps> = { subject, Email: BudgetAlertEmail };
