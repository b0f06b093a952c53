type PgErrorLike = { code?: unknown; constraint?: unknown; cause?: unknown };

/** Drizzle wraps driver errors; the Postgres SQLSTATE sits somewhere down the cause chain. */
export function postgresError(error: unknown): { code: string; constraint?: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined };
    }
    current = candidate.cause;
  }
  return null;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_INSUFFICIENT_PRIVILEGE = '42501';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
/** Raised by audit_log's triggers (migration audit_log_append_only): an entry is never changed or removed. */
export const PG_AUDIT_APPEND_ONLY = 'AU001';
