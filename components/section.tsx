import type { ReactNode } from 'react';

/** A titled block of a page, optionally with a link or note on the right of its title. */
export function Section({ title, aside, children, testId }: { title: string; aside?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="mt-8" data-testid={testId}>
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {aside ? <div className="text-sm">{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}
