CREATE TABLE "workspace_retention_settings" (
	"workspace_id" uuid PRIMARY KEY DEFAULT public.current_workspace_id() NOT NULL,
	"usage_events_days" integer,
	"webhook_payloads_days" integer,
	"email_bodies_days" integer,
	"delivery_logs_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_retention_settings_days_check" CHECK (coalesce(usage_events_days, 1) between 1 and 36500 and coalesce(webhook_payloads_days, 1) between 1 and 36500 and coalesce(email_bodies_days, 1) between 1 and 36500 and coalesce(delivery_logs_days, 1) between 1 and 36500)
);
--> statement-breakpoint
ALTER TABLE "workspace_retention_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace_retention_settings" ADD CONSTRAINT "workspace_retention_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "workspace_retention_settings_workspace_scope" ON "workspace_retention_settings" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
-- As 20261122035603_grants.sql for the first tables: retention is the workspace's business, not a customer's.
REVOKE ALL ON public.workspace_retention_settings FROM anon, authenticated;--> statement-breakpoint
GRANT ALL ON public.workspace_retention_settings TO service_role;
