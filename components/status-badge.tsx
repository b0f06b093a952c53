import { humanize } from '@/lib/format/format-text';

type Tone = 'green' | 'blue' | 'sky' | 'amber' | 'gray' | 'red';

const TONE_BY_STATUS: Record<string, Tone> = {
  paid: 'green',
  active: 'green',
  completed: 'green',
  succeeded: 'green',
  open: 'blue',
  running: 'blue',
  trialing: 'sky',
  overdue: 'amber',
  past_due: 'amber',
  partial: 'amber',
  incomplete: 'amber',
  pending: 'amber',
  failing: 'amber',
  void: 'gray',
  uncollectible: 'gray',
  canceled: 'gray',
  draft: 'gray',
  suspended: 'red',
  failed: 'red',
  // emails: the outbox's statuses and what Resend said about delivery
  queued: 'blue',
  sent: 'green',
  not_configured: 'gray',
  delivered: 'green',
  delivery_delayed: 'amber',
  bounced: 'red',
  complained: 'red',
};

const TONE_CLASSES: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  blue: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  sky: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  gray: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
};

const DOT_CLASSES: Record<Tone, string> = {
  green: 'bg-emerald-500',
  blue: 'bg-blue-500',
  sky: 'bg-sky-500',
  amber: 'bg-amber-500',
  gray: 'bg-slate-400',
  red: 'bg-red-500',
};

/** A coloured pill for invoice, subscription, customer, run and email statuses. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const tone = TONE_BY_STATUS[status] ?? 'gray';
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE_CLASSES[tone]}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${DOT_CLASSES[tone]}`} />
      {label ?? humanize(status)}
    </span>
  );
}
