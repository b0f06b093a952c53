import type { ComponentProps, ReactNode } from 'react';

/**
 * A bordered, horizontally scrollable table in the dashboard’s style; edge shadows (`.scroll-cue` in
 * globals.css) show when there is more to the side. The scrolling box is a named,
 * focusable region so keyboard users can scroll a table wider than a phone's screen too. It is
 * `relative` so that absolutely positioned content (a screen-reader-only label in a header cell)
 * scrolls inside it instead of widening the page.
 */
export function Table({ children, label, ...rest }: { children: ReactNode; label: string } & ComponentProps<'table'>) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="scroll-cue relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm" {...rest}>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="bg-slate-50/80">
      <tr>{children}</tr>
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function Th({ children, align = 'left' }: { children: ReactNode; align?: 'left' | 'right' }) {
  return (
    <th
      scope="col"
      className={`px-4 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase ${align === 'right' ? 'text-right' : 'text-left'}`}
    >
      {children}
    </th>
  );
}

export function Td({
  children,
  align = 'left',
  strong = false,
  className = '',
  colSpan,
}: {
  children: ReactNode;
  align?: 'left' | 'right';
  strong?: boolean;
  className?: string;
  colSpan?: number;
}) {
  return (
    <td
      colSpan={colSpan}
      className={`px-4 py-3 whitespace-nowrap ${align === 'right' ? 'text-right tabular-nums' : 'text-left'} ${strong ? 'font-medium text-slate-900' : 'text-slate-600'} ${className}`}
    >
      {children}
    </td>
  );
}

/** One full-width row for a table with nothing to list. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-10 text-center text-sm text-slate-500">
        {children}
      </td>
    </tr>
  );
}
