import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks, type NavItem } from './nav-links';
import { ProductMark } from './product-mark';
import { SignOutButton } from './sign-out-button';

/** The frame of a signed-in section: product, section name, who is signed in, tabs, content. */
export function AppShell({
  area,
  email,
  nav,
  testId,
  switchTo,
  workspace,
  children,
}: {
  area: string;
  email: string | null;
  nav: NavItem[];
  testId: string;
  /** a link to the other section, for admins */
  switchTo?: NavItem;
  /** the admin area's workspace name and switcher; on a phone it takes a line of its own */
  workspace?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div data-testid={testId} className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto max-w-6xl px-4 sm:px-6">
          <div className="flex min-h-14 flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2.5">
            <div className="flex items-center gap-3">
              <ProductMark />
              <span aria-hidden className="h-5 w-px bg-slate-200" />
              <span className="text-sm font-medium text-slate-500">{area}</span>
            </div>
            {workspace ? <div className="order-last min-w-0 basis-full sm:order-none sm:ml-auto sm:basis-auto">{workspace}</div> : null}
            <div className="flex items-center gap-3">
              {switchTo ? (
                <Link href={switchTo.href} className="hidden text-sm font-medium text-indigo-600 hover:text-indigo-800 sm:inline">
                  {switchTo.label}
                </Link>
              ) : null}
              <span data-testid="user-email" className="max-w-56 truncate text-sm text-slate-600" title={email ?? undefined}>
                {email ?? 'Signed in'}
              </span>
              <SignOutButton />
            </div>
          </div>
          <NavLinks items={nav} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
