import { ActionButton, DetailTable, EmailLayout, Paragraph } from './email-layout';
import type { AdminAlertPayload } from './email-payloads';
import type { BrandedProps, EmailTemplate } from './email-template';

export type AdminAlertEmailProps = BrandedProps & {
  alert: Pick<AdminAlertPayload, 'title' | 'message' | 'details'>;
  /** the payload's link made absolute (a path is the app's), or null */
  link: string | null;
};

function subject({ brand, alert }: AdminAlertEmailProps): string {
  return `[${brand.companyName}] ${alert.title}`;
}

function AdminAlertEmail(props: AdminAlertEmailProps) {
  const { brand, alert, link } = props;
  const details = Object.entries(alert.details ?? {});
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading={alert.title}>
      {alert.message.split(/\n{2,}/).map((paragraph, i) => (
        <Paragraph key={i}>{paragraph}</Paragraph>
      ))}
      {details.length > 0 ? <DetailTable rows={details.map(([label, value]) => ({ label, value }))} /> : null}
      {link ? (
        <ActionButton brand={brand} href={link}>
          Take a look
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}

export const adminAlert: EmailTemplate<AdminAlertEmailProps> = { subject, Email: AdminAlertEmail };
