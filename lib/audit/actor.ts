// Who did something: the actor every audited write records (the audit log's actor_type and actor_id)
// and every domain function that writes one takes. Route wrappers, the cron, the webhook, the CLI and
// the demo seed each name theirs.
export type Actor = { type: 'user' | 'api_key' | 'cron' | 'stripe' | 'system' | 'cli'; id: string | null };
