import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { getAdminEmail } from '@/lib/admin-overview/list-admin-emails';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDateTime } from '@/lib/format/format-date';
import { humanize } from '@/lib/format/format-text';

export const metadata: Metadata = { title: 'Email' };

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0 px-4 py-3 sm:px-5">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export default async function AdminEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const scope = await requireAdminWorkspace(`/admin/emails/${id}`);
  const email = await getAdminEmail(scope, id);
  if (!email) notFound();
  const subject = email.subject ?? `${humanize(email.type)} (not rendered yet)`;
  const aboutDocument = email.invoiceNumber ? `Invoice ${email.invoiceNumber}` : email.creditNoteNumber ? `Credit note ${email.creditNoteNumber}` : null;

  return (
    <>
      <div className="mb-4 text-sm">
        <Link href="/admin/emails" className="font-medium text-indigo-700 hover:text-indigo-900">
          ← All emails
        </Link>
      </div>
      <PageHeader title={subject} description={`${humanize(email.type)} · created ${formatDateTime(email.created)}`} />

      <dl className="grid grid-cols-1 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs sm:grid-cols-2 sm:divide-y-0" data-testid="email-facts">
        <Field label="To" testId="email-to">
          {email.to.length > 0 ? email.to.join(', ') : 'The customer’s billing emails, once it is rendered'}
        </Field>
        <Field label="Customer">{email.customerName ?? (email.customer_id ? 'Unknown customer' : 'None (sent to admins)')}</Field>
        <Field label="Status" testId="email-status">
          <StatusBadge status={email.status} />
        </Field>
        <Field label="Attempts">{email.attempts}</Field>
        <Field label="Sent">{formatDateTime(email.sent_at)}</Field>
        <Field label="Delivery" testId="email-delivery">
          {email.delivery_status ? (
            <span className="flex flex-wrap items-center gap-2">
              <StatusBadge status={email.delivery_status} />
              <span className="text-xs text-slate-500">{formatDateTime(email.delivery_updated_at)}</span>
            </span>
          ) : (
            <span className="text-slate-500">{email.status === 'sent' ? 'No report from Resend yet' : '—'}</span>
          )}
        </Field>
        <Field label="Resend id">{email.provider_id ? <span className="font-mono text-xs break-all">{email.provider_id}</span> : '—'}</Field>
        <Field label="About">{aboutDocument ?? '—'}</Field>
        <Field label="Attachment" testId="email-attachment">
          {email.attachments.length > 0 ? email.attachments.map((a) => a.filename).join(', ') : 'None'}
        </Field>
        <Field label="Last error" testId="email-last-error">
          {email.last_error ? <span className="text-red-700">{email.last_error}</span> : '—'}
        </Field>
      </dl>

      <Section title="HTML">
        {email.html ? (
          // sandbox="" : no scripts, forms, plugins or same-origin access for whatever the body holds
          <iframe
            sandbox=""
            srcDoc={email.html}
            title={`HTML body of the email “${subject}”`}
            className="h-[36rem] w-full rounded-xl border border-slate-200 bg-white"
            data-testid="email-html"
          />
        ) : (
          <Notice>Not rendered yet: the body is rendered when the email is sent.</Notice>
        )}
      </Section>

      <Section title="Plain text">
        {email.text ? (
          <pre className="rounded-xl border border-slate-200 bg-white p-4 font-mono text-xs whitespace-pre-wrap break-words text-slate-800" data-testid="email-text">
            {email.text}
          </pre>
        ) : (
          <Notice>No plain-text part yet.</Notice>
        )}
      </Section>
    </>
  );
}
