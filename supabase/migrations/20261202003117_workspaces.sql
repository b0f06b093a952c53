-- Workspaces: several businesses in one installation, each isolated by the database.
-- Written by hand: the role, the function the policies and column defaults read, and moving the
-- existing rows into the workspace `default` (the ADD COLUMNs below take their default from the
-- setting made here, so every existing row lands in it). The rest is generated from lib/db/schema.ts.
DO $scope$
BEGIN
  -- cluster-wide, as in the bootstrap migration: a concurrent creator winning the race is fine
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workspace_scoped') THEN
      CREATE ROLE workspace_scoped NOLOGIN NOINHERIT NOBYPASSRLS;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  IF NOT pg_has_role(current_user, 'workspace_scoped', 'MEMBER') THEN
    EXECUTE format('GRANT workspace_scoped TO %I', current_user);
  END IF;
END
$scope$;--> statement-breakpoint
-- The workspace the current transaction works in; null outside a scope, so a row written without
-- one fails its NOT NULL workspace_id instead of landing somewhere.
CREATE OR REPLACE FUNCTION public.current_workspace_id() RETURNS uuid LANGUAGE sql STABLE AS $fn$
  SELECT nullif(current_setting('app.workspace_id', true), '')::uuid
$fn$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.current_workspace_id() TO anon, authenticated, service_role, workspace_scoped;--> statement-breakpoint
SELECT set_config('app.workspace_id', '00000000-0000-4000-8000-000000000001', false);--> statement-breakpoint
CREATE TABLE "workspace_members" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_members_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id"),
	CONSTRAINT "workspace_members_role_check" CHECK (role in ('owner', 'admin', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "workspace_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"company_name" text,
	"company_email" text,
	"company_address_lines" jsonb,
	"company_tax_id" text,
	"default_currency" text,
	"default_tax_rate" numeric(7, 6),
	"invoice_number_format" text,
	"credit_note_number_format" text,
	"payment_terms_days" integer,
	"bank_iban" text,
	"bank_bic" text,
	"email_from" text,
	"stripe_account_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_check" CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
	CONSTRAINT "workspaces_default_currency_check" CHECK (default_currency is null or default_currency ~ '^[a-z]{3}$'),
	CONSTRAINT "workspaces_default_tax_rate_check" CHECK (default_tax_rate is null or (default_tax_rate >= 0 and default_tax_rate < 1)),
	CONSTRAINT "workspaces_payment_terms_days_check" CHECK (payment_terms_days is null or payment_terms_days between 0 and 365)
);
--> statement-breakpoint
ALTER TABLE "workspaces" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO "workspaces" ("id", "slug", "name") VALUES ('00000000-0000-4000-8000-000000000001', 'default', 'Default');--> statement-breakpoint
DROP INDEX "billable_metrics_code_key";--> statement-breakpoint
DROP INDEX "credit_notes_number_key";--> statement-breakpoint
DROP INDEX "customers_external_id_key";--> statement-breakpoint
DROP INDEX "invoices_number_key";--> statement-breakpoint
DROP INDEX "invoices_series_year_sequence_key";--> statement-breakpoint
DROP INDEX "plans_code_version_key";--> statement-breakpoint
DROP INDEX "plans_one_current_version_key";--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "billable_metrics" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_automation_log" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_periods" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_number_sequences" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_charges" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_snapshots" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_unique_values" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_number_sequences" DROP CONSTRAINT "invoice_number_sequences_series_year_pk";--> statement-breakpoint
ALTER TABLE "invoice_number_sequences" ADD CONSTRAINT "invoice_number_sequences_workspace_id_series_year_pk" PRIMARY KEY("workspace_id","series","year");--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workspace_members_user_idx" ON "workspace_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_slug_key" ON "workspaces" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_stripe_account_id_key" ON "workspaces" USING btree ("stripe_account_id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billable_metrics" ADD CONSTRAINT "billable_metrics_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billable_metrics_code_key" ON "billable_metrics" USING btree ("workspace_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers" USING btree ("workspace_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_series_year_sequence_key" ON "invoices" USING btree ("workspace_id","number_series","number_year","number_sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_code_version_key" ON "plans" USING btree ("workspace_id","code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_current_version_key" ON "plans" USING btree ("workspace_id","code") WHERE is_current;--> statement-breakpoint
CREATE POLICY "api_keys_workspace_scope" ON "api_keys" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "audit_log_workspace_scope" ON "audit_log" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "billable_metrics_workspace_scope" ON "billable_metrics" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "billing_automation_log_workspace_scope" ON "billing_automation_log" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "billing_periods_workspace_scope" ON "billing_periods" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "credit_notes_workspace_scope" ON "credit_notes" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "customers_workspace_scope" ON "customers" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "invoice_lines_workspace_scope" ON "invoice_lines" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "invoice_number_sequences_workspace_scope" ON "invoice_number_sequences" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "invoices_workspace_scope" ON "invoices" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "notification_outbox_workspace_scope" ON "notification_outbox" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "payment_methods_workspace_scope" ON "payment_methods" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "payments_workspace_scope" ON "payments" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "plan_charges_workspace_scope" ON "plan_charges" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "plans_workspace_scope" ON "plans" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "subscriptions_workspace_scope" ON "subscriptions" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "usage_events_workspace_scope" ON "usage_events" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "usage_rollups_workspace_scope" ON "usage_rollups" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "usage_snapshots_workspace_scope" ON "usage_snapshots" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "usage_unique_values_workspace_scope" ON "usage_unique_values" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "webhook_events_workspace_scope" ON "webhook_events" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "workspace_members_workspace_scope" ON "workspace_members" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "workspaces_workspace_scope" ON "workspaces" AS PERMISSIVE FOR SELECT TO "workspace_scoped" USING (id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "workspaces_workspace_scope_update" ON "workspaces" AS PERMISSIVE FOR UPDATE TO "workspace_scoped" USING (id = (select public.current_workspace_id())) WITH CHECK (id = (select public.current_workspace_id()));--> statement-breakpoint
ALTER POLICY "billable_metrics_authenticated_read" ON "billable_metrics" TO authenticated USING (workspace_id in (select c.workspace_id from public.customers c where c.user_id = (select auth.uid())));--> statement-breakpoint
ALTER POLICY "plan_charges_authenticated_read" ON "plan_charges" TO authenticated USING (workspace_id in (select c.workspace_id from public.customers c where c.user_id = (select auth.uid())));--> statement-breakpoint
ALTER POLICY "plans_authenticated_read" ON "plans" TO authenticated USING (workspace_id in (select c.workspace_id from public.customers c where c.user_id = (select auth.uid())));--> statement-breakpoint
-- Scoped work may read and write every table; the policies above decide which rows. Tables later
-- migrations add get the same rights by default.
GRANT USAGE ON SCHEMA public TO workspace_scoped;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO workspace_scoped;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO workspace_scoped;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO workspace_scoped;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO workspace_scoped;--> statement-breakpoint
-- The two new tables are installation work, as 20261122035603_grants.sql does for the first ones:
-- customers' roles get nothing on them (a Supabase project's default privileges would have given
-- anon and authenticated every right), the service role everything.
REVOKE ALL ON public.workspaces, public.workspace_members FROM anon, authenticated;--> statement-breakpoint
GRANT ALL ON public.workspaces, public.workspace_members TO service_role;--> statement-breakpoint
SELECT set_config('app.workspace_id', '', false);