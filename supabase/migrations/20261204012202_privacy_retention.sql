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
GRANT ALL ON public.workspace_retention_settings TO service_role;--> statement-breakpoint
-- Erasing a customer deletes their sign-in (lib/privacy/erase-customer.ts), which lives above
-- workspaces in auth.users where the workspace_scoped role cannot reach. This function, run in the
-- erasure's transaction, unlinks and deletes only the user of a customer of the current workspace; an
-- account that is also a workspace member keeps its login (it is someone's admin sign-in too).
CREATE OR REPLACE FUNCTION public.erase_customer_user(customer uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  uid uuid;
BEGIN
  SELECT c.user_id INTO uid FROM public.customers c WHERE c.id = customer AND c.workspace_id = public.current_workspace_id();
  IF uid IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE public.customers SET user_id = NULL WHERE id = customer AND workspace_id = public.current_workspace_id();
  IF NOT EXISTS (SELECT 1 FROM public.workspace_members m WHERE m.user_id = uid) THEN
    DELETE FROM auth.users WHERE id = uid;
  END IF;
  RETURN uid;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION public.erase_customer_user(uuid) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION public.erase_customer_user(uuid) FROM anon, authenticated;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.erase_customer_user(uuid) TO workspace_scoped, service_role;
