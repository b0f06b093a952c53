// The invoice as a PDF, laid out with @react-pdf/renderer from the same document model as the HTML
// page. The built-in Helvetica covers Windows-1252 (€, £, ¥, accented Latin letters and the dashes);
// names in other scripts would need an embedded font. No lineHeight on the page: inherited by the
// absolutely placed footer, it keeps the footer from being drawn at all (react-pdf 4.9).
// No `server-only`, as invoice-document.ts: emails attach this PDF, also from the CLI's automation run.
import { Document, Link, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { invoiceDocument, type BankDetails, type DocumentParty, type InvoiceDocument } from './invoice-document';

const styles = StyleSheet.create({
  page: { paddingTop: 40, paddingBottom: 56, paddingHorizontal: 44, fontFamily: 'Helvetica', fontSize: 9.5, color: '#0f172a' },
  watermark: { position: 'absolute', top: 330, left: 0, right: 0, textAlign: 'center', fontSize: 110, fontFamily: 'Helvetica-Bold', color: '#b91c1c', opacity: 0.12, transform: 'rotate(-30deg)' },
  draftBanner: { borderWidth: 1.5, borderColor: '#b91c1c', color: '#b91c1c', fontFamily: 'Helvetica-Bold', fontSize: 13, letterSpacing: 3, textAlign: 'center', paddingVertical: 4, marginBottom: 14 },
  top: { flexDirection: 'row', justifyContent: 'space-between', marginBottom: 22 },
  title: { fontSize: 18, fontFamily: 'Helvetica-Bold', marginBottom: 2 },
  muted: { color: '#64748b' },
  details: { width: 230 },
  detailRow: { flexDirection: 'row' },
  detailLabel: { width: 90, color: '#64748b' },
  detailValue: { flex: 1, fontFamily: 'Helvetica-Bold' },
  parties: { flexDirection: 'row', marginBottom: 20 },
  party: { width: '50%', paddingRight: 16 },
  heading: { fontSize: 8, fontFamily: 'Helvetica-Bold', color: '#64748b', textTransform: 'uppercase', letterSpacing: 0.8, marginBottom: 4 },
  partyName: { fontFamily: 'Helvetica-Bold' },
  tableHead: { flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: '#cbd5e1', paddingBottom: 4, fontSize: 8, fontFamily: 'Helvetica-Bold', color: '#64748b' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: '#e2e8f0', paddingVertical: 5 },
  description: { flex: 1, paddingRight: 8 },
  quantity: { width: 70, textAlign: 'right' },
  unitPrice: { width: 90, textAlign: 'right' },
  amount: { width: 80, textAlign: 'right' },
  totals: { marginTop: 10, marginLeft: 'auto', width: 250 },
  totalRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2 },
  emphasis: { fontFamily: 'Helvetica-Bold', borderTopWidth: 0.75, borderTopColor: '#cbd5e1', paddingTop: 3 },
  note: { marginTop: 12, padding: 6, borderLeftWidth: 2, borderLeftColor: '#0f172a', backgroundColor: '#f8fafc', fontFamily: 'Helvetica-Bold' },
  payment: { marginTop: 22, paddingTop: 10, borderTopWidth: 0.75, borderTopColor: '#e2e8f0' },
  strong: { fontFamily: 'Helvetica-Bold' },
  link: { color: '#1d4ed8' },
  footer: { position: 'absolute', bottom: 24, left: 44, right: 44, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: '#94a3b8' },
});

function Party({ heading, party }: { heading: string; party: DocumentParty }) {
  return (
    <View style={styles.party}>
      <Text style={styles.heading}>{heading}</Text>
      <Text style={styles.partyName}>{party.name}</Text>
      {party.lines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </View>
  );
}

function Payment({ document }: { document: InvoiceDocument }) {
  const payment = document.payment;
  if (payment.kind === 'settled') {
    return (
      <View style={styles.payment} wrap={false}>
        <Text style={styles.heading}>Payment</Text>
        <Text>{payment.message}</Text>
      </View>
    );
  }
  return (
    <View style={styles.payment} wrap={false}>
      <Text style={styles.heading}>Payment</Text>
      <Text>
        Please pay <Text style={styles.strong}>{payment.amountDue}</Text> by the due date.
      </Text>
      {payment.bankTransfer ? (
        <View style={{ marginTop: 6 }}>
          <Text style={styles.strong}>Bank transfer</Text>
          <Text>IBAN: {payment.bankTransfer.iban}</Text>
          {payment.bankTransfer.bic ? <Text>BIC: {payment.bankTransfer.bic}</Text> : null}
          <Text>Reference: {payment.bankTransfer.reference}</Text>
        </View>
      ) : null}
      {payment.payOnlineUrl ? (
        <Text style={{ marginTop: 6 }}>
          <Text style={styles.strong}>Pay online: </Text>
          <Link src={payment.payOnlineUrl} style={styles.link}>
            {payment.payOnlineUrl}
          </Link>
        </Text>
      ) : null}
      {!payment.bankTransfer && !payment.payOnlineUrl && payment.contact ? <Text style={{ marginTop: 6 }}>For payment details contact {payment.contact}.</Text> : null}
    </View>
  );
}

export function InvoicePdf({ document }: { document: InvoiceDocument }) {
  return (
    <Document
      title={document.title}
      author={document.seller.name}
      subject={document.title}
      creator="Meterbill"
      producer="Meterbill"
      creationDate={document.issuedAt ?? undefined}
      modificationDate={document.issuedAt ?? undefined}
    >
      <Page size="A4" style={styles.page}>
        {document.draft ? (
          <Text style={styles.watermark} fixed>
            DRAFT
          </Text>
        ) : null}
        {document.draft ? <Text style={styles.draftBanner}>DRAFT</Text> : null}
        <View style={styles.top}>
          <View>
            <Text style={styles.title}>{document.title}</Text>
            <Text style={styles.muted}>{document.seller.name}</Text>
          </View>
          <View style={styles.details}>
            {document.details.map((row) => (
              <View key={row.label} style={styles.detailRow}>
                <Text style={styles.detailLabel}>{row.label}</Text>
                <Text style={styles.detailValue}>{row.value}</Text>
              </View>
            ))}
          </View>
        </View>
        <View style={styles.parties}>
          <Party heading="From" party={document.seller} />
          <Party heading="Bill to" party={document.buyer} />
        </View>
        <View style={styles.tableHead} fixed>
          <Text style={styles.description}>DESCRIPTION</Text>
          <Text style={styles.quantity}>QUANTITY</Text>
          <Text style={styles.unitPrice}>UNIT PRICE</Text>
          <Text style={styles.amount}>AMOUNT ({document.currency})</Text>
        </View>
        {document.lines.map((line, i) => (
          <View key={i} style={styles.row} wrap={false}>
            <Text style={styles.description}>{line.description}</Text>
            <Text style={styles.quantity}>{line.quantity}</Text>
            <Text style={styles.unitPrice}>{line.unitPrice}</Text>
            <Text style={styles.amount}>{line.amount}</Text>
          </View>
        ))}
        <View style={styles.totals} wrap={false}>
          {document.totals.map((row) => (
            <View key={row.label} style={row.emphasis ? [styles.totalRow, styles.emphasis] : styles.totalRow}>
              <Text>{row.label}</Text>
              <Text>{row.value}</Text>
            </View>
          ))}
        </View>
        {document.taxNote ? <Text style={styles.note}>{document.taxNote}</Text> : null}
        <Payment document={document} />
        <View style={styles.footer} fixed>
          <Text>{document.draft ? 'DRAFT' : document.reference}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

export function renderInvoicePdf(view: InvoiceView, bank: BankDetails): Promise<Buffer> {
  return renderToBuffer(<InvoicePdf document={invoiceDocument(view, bank)} />);
}
