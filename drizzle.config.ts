import { defineConfig } from 'drizzle-kit';

// Migrations are generated into Supabase's folder with Supabase-style names
// (<timestamp>_<name>.sql), so `supabase db push` applies the same files our own migrator runs.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './supabase/migrations',
  migrations: { prefix: 'supabase' },
  schemaFilter: ['public'],
  entities: { roles: { provider: 'supabase' } },
  strict: true,
  verbose: true,
});
