/** The local issuer's session cookie (Supabase mode uses Supabase's own sb-* cookies). */
export const LOCAL_SESSION_COOKIE = 'mb-session';
