// The frame every email shares, and the pieces the templates compose it from. React Email's
// components lay out with tables and inline styles, the only layout every mail client renders; the
// workspace's accent colours the top rule, buttons and links, its logo (or name) heads the message and
// the footer names the seller, as the invoice document does. Pure: no database, no clock, no env.
import { Body, Button, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import type { EmailBrand } from './email-brand';
import type { EmailInvoice } from './email-template';

const FONT = '-apple-system, "Segoe UI", Helvetica, Arial, sans-serif';
const INK = '#0f172a';
const MUTED = '#64748b';
const RULE = '#e2e8f0';

const styles = {
  body: { backgroundColor: '#f1f5f9', margin: 0, padding: '24px 0', fontFamily: FONT, color: INK },
  container: { backgroundColor: '#ffffff', maxWidth: '600px', margin: '0 auto', borderRadius: '8px', overflow: 'hidden' },
  header: { padding: '24px 32px 8px' },
  companyName: { fontSize: '18px', fontWeight: 700, margin: 0, color: INK },
  content: { padding: '8px 32px 24px' },
  heading: { fontSize: '22px', lineHeight: '30px', fontWeight: 700, margin: '8px 0 16px', color: INK },
  paragraph: { fontSize: '15px', lineHeight: '24px', margin: '0 0 16px', color: INK },
  muted: { fontSize: '13px', lineHeight: '20px', margin: '0 0 12px', color: MUTED },
  label: { fontSize: '14px', lineHeight: '22px', color: MUTED, padding: '6px 12px 6px 0', verticalAlign: 'top' },
  value: { fontSize: '14px', lineHeight: '22px', color: INK, padding: '6px 0', textAlign: 'right', verticalAlign: 'top' },
  box: { backgroundColor: '#f8fafc', border: `1px solid ${RULE}`, borderRadius: '6px', padding: '16px 20px', margin: '0 0 20px' },
  boxTitle: { fontSize: '13px', fontWeight: 700, textTransform: 'uppercase', letterSpacing: '0.05em', color: MUTED, margin: '0 0 8px' },
  mono: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '14px' },
  footer: { padding: '0 32px 24px' },
  footerText: { fontSize: '12px', lineHeight: '18px', color: MUTED, margin: '0' },
} satisfies Record<string, CSSProperties>;

export function EmailLayout({ brand, preview, heading, children }: { brand: EmailBrand; preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={{ ...styles.container, borderTop: `4px solid ${brand.accentColor}` }}>
          <Section style={styles.header}>
            {brand.logoUrl ? (
              <Img src={brand.logoUrl} alt={brand.companyName} height="36" style={{ height: '36px', width: 'auto', display: 'block' }} />
            ) : (
              <Text style={styles.companyName}>{brand.companyName}</Text>
            )}
          </Section>
          <Section style={styles.content}>
            <Heading as="h1" style={styles.heading}>
              {heading}
            </Heading>
            {children}
          </Section>
          <Hr style={{ borderColor: RULE, margin: '0 32px 16px', width: 'auto' }} />
          <Section style={styles.footer}>
            <Text style={{ ...styles.footerText, fontWeight: 600, color: INK }}>{brand.companyName}</Text>
            {brand.addressLines.length > 0 ? <Text style={styles.footerText}>{brand.addressLines.join(' · ')}</Text> : null}
            {brand.email ? (
              <Text style={styles.footerText}>
                <Link href={`mailto:${brand.email}`} style={{ color: brand.accentColor }}>
                  {brand.email}
                </Link>
              </Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.paragraph}>{children}</Text>;
}

export function Muted({ children }: { children: ReactNode }) {
  return <Text style={styles.muted}>{children}</Text>;
}

export function Greeting({ name }: { name: string | null }) {
  return <Paragraph>{name ? `Hello ${name},` : 'Hello,'}</Paragraph>;
}

export type DetailRow = { label: string; value: string; emphasis?: boolean };

/**
 * Label–value rows (the invoice's figures): one table, so the values line up in every client, and in
 * the plain-text part one aligned block ("Amount due   $254.50").
 */
export function DetailTable({ rows }: { rows: DetailRow[] }) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={{ borderCollapse: 'collapse', margin: '0 0 20px' }} data-text-format="dataTable">
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} style={{ borderBottom: `1px solid ${RULE}` }}>
            <td style={{ ...styles.label, ...(row.emphasis ? { color: INK, fontWeight: 700 } : {}) }}>{row.label}</td>
            <td style={{ ...styles.value, ...(row.emphasis ? { fontWeight: 700 } : {}) }}>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A call to action in the workspace's colour, its address spelled out under it for clients that block buttons. */
export function ActionButton({ brand, href, children }: { brand: EmailBrand; href: string; children: string }) {
  return (
    <Section style={{ margin: '4px 0 20px' }}>
      <Button
        href={href}
        style={{ backgroundColor: brand.accentColor, color: brand.onAccentColor, fontSize: '15px', fontWeight: 600, borderRadius: '6px', padding: '12px 22px', textDecoration: 'none', display: 'inline-block' }}
      >
        {children}
      </Button>
      {/* the plain-text part already spells the address out after the button's words */}
      <Text style={{ ...styles.muted, margin: '10px 0 0' }} data-skip-in-text="true">
        Or open{' '}
        <Link href={href} style={{ color: brand.accentColor, wordBreak: 'break-all' }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

export function Box({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Section style={styles.box}>
      <Text style={styles.boxTitle}>{title}</Text>
      {children}
    </Section>
  );
}

/** How an open invoice gets paid; worked out by composeEmail from the customer's payment method. */
export type PaymentInstructions =
  /** card or direct debit: Stripe's hosted page when the invoice is mirrored there, else ours */
  | { kind: 'pay_online'; url: string; autoCharge: boolean }
  /** a bank transfer to the workspace's account, the invoice number as the reference */
  | { kind: 'bank_transfer'; iban: string; bic: string | null; reference: string }
  /** neither is set up: whom to ask */
  | { kind: 'contact'; email: string | null };

export function HowToPay({ brand, payment, amount, currency }: { brand: EmailBrand; payment: PaymentInstructions; amount: string; currency: string }) {
  const due = formatMoney(amount, currency);
  if (payment.kind === 'pay_online') {
    return (
      <>
        {payment.autoCharge ? <Paragraph>Your account pays automatically: we will collect {due} from your saved payment method, and you need not do anything. You can also pay now:</Paragraph> : null}
        <ActionButton brand={brand} href={payment.url}>
          {`Pay ${due}`}
        </ActionButton>
      </>
    );
  }
  if (payment.kind === 'bank_transfer') {
    return (
      <Box title="Pay by bank transfer">
        <DetailTable
          rows={[
            { label: 'Amount', value: due, emphasis: true },
            { label: 'IBAN', value: payment.iban },
            ...(payment.bic ? [{ label: 'BIC', value: payment.bic }] : []),
            { label: 'Payment reference', value: payment.reference },
          ]}
        />
        <Text style={{ ...styles.muted, margin: 0 }}>Please quote the reference so that we can match your payment to the invoice.</Text>
      </Box>
    );
  }
  return (
    <Paragraph>
      {payment.email ? (
        <>
          For payment details, contact{' '}
          <Link href={`mailto:${payment.email}`} style={{ color: brand.accentColor }}>
            {payment.email}
          </Link>
          .
        </>
      ) : (
        'For payment details, reply to this email.'
      )}
    </Paragraph>
  );
}

/** Names the attached PDF, also when the message is only rendered and kept (no attachment then). */
export function AttachmentNote({ filename, what }: { filename: string; what: string }) {
  return (
    <Muted>
      {`The ${what} is attached as `}
      <span style={{ ...styles.mono, fontSize: '13px' }}>{filename}</span>.
    </Muted>
  );
}

/** Invoices still to pay, each with what it asks and when it was due. */
export function OpenInvoiceList({ invoices }: { invoices: EmailInvoice[] }) {
  return (
    <Section>
      {invoices.map((invoice) => (
        <DetailTable
          key={invoice.id}
          rows={[
            { label: `Invoice ${invoice.number}`, value: formatMoney(invoice.amount_due, invoice.currency), emphasis: true },
            ...(invoice.due_date ? [{ label: 'Due date', value: formatDate(invoice.due_date) }] : []),
          ]}
        />
      ))}
    </Section>
  );
}
