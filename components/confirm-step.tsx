import type { ReactNode } from 'react';
import { confirmSummaryClass } from './form-styles';

/**
 * A step before something that cannot be undone: the summary opens a red panel asking the question,
 * with the form that does it underneath. Plain <details>, so it works before JavaScript loads.
 */
export function ConfirmStep({ summary, question, className, children }: { summary: ReactNode; question: ReactNode; className?: string; children: ReactNode }) {
  return (
    <details className={className}>
      <summary className={confirmSummaryClass}>{summary}</summary>
      <div className="mt-2 max-w-sm space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        <p>{question}</p>
        {children}
      </div>
    </details>
  );
}
