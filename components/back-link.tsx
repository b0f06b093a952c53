import Link from 'next/link';

/** The link above a detail page's header back to the list it belongs to ("← Customers"). */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <p className="mb-2 text-sm">
      <Link href={href} className="text-indigo-700 hover:underline">
        ← {label}
      </Link>
    </p>
  );
}
