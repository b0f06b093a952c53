'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export type NavItem = { href: string; label: string };

/**
 * The section's tabs. A client component only to read the pathname for the active tab; the first
 * item is the section's root and matches exactly, the others match their sub-pages too. On a narrow
 * screen the tabs scroll sideways inside their own strip, never the page.
 */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="scroll-cue -mb-px flex min-w-0 gap-4 overflow-x-auto sm:gap-6">
      {items.map((item, index) => {
        const active = index === 0 ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`shrink-0 border-b-2 px-0.5 py-3 text-sm font-medium whitespace-nowrap transition-colors ${
              active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800'
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
