import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import { supabaseConfig } from '@/lib/env';

/** A Supabase client bound to this request's cookies (Server Components, route handlers). */
export async function createSupabaseServerClient() {
  const config = supabaseConfig();
  if (!config) throw new Error('Supabase is not configured');
  const cookieStore = await cookies();
  return createServerClient(config.url, config.key, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (toSet) => {
        try {
          for (const { name, value, options } of toSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components cannot set cookies; proxy.ts refreshes the session before they run.
        }
      },
    },
  });
}
