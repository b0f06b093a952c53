import type { ReactNode } from 'react';

const TONES = {
  info: 'border-blue-200 bg-blue-50 text-blue-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  error: 'border-red-200 bg-red-50 text-red-800',
} as const;

/** A boxed message: an explanation, a warning or an error. */
export function Notice({
  tone = 'info',
  title,
  children,
  testId,
}: {
  tone?: keyof typeof TONES;
  title?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={testId} role={tone === 'error' ? 'alert' : 'status'} className={`rounded-lg border px-4 py-3 text-sm ${TONES[tone]}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div className={title ? 'mt-1' : undefined}>{children}</div>
    </div>
  );
}
