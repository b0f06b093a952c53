'use client';
import { useState } from 'react';

/** Copies `value` to the clipboard and says so (to screen readers too); says so when the browser refuses. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        aria-label={`Copy ${label}`}
        data-testid={`copy-${label.toLowerCase().replace(/\s+/g, '-')}`}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Copy
      </button>
      <span aria-live="polite" className="text-xs text-slate-500">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy it by hand' : ''}
      </span>
    </span>
  );
}
