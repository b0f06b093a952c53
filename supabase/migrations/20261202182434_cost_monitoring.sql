CREATE TABLE "alert_rules" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"metric_id" uuid,
	"window_unit" text NOT NULL,
	"threshold" numeric NOT NULL,
	"currency" text,
	"customer_id" uuid,
	"aggregate" boolean DEFAULT false NOT NULL,
	"recurring" boolean DEFAULT true NOT NULL,
	"notify" text[] DEFAULT '{admins}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"preset_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rules_kind_check" CHECK (kind in ('usage_amount', 'metric_units', 'metric_amount')),
	CONSTRAINT "alert_rules_window_check" CHECK (window_unit in ('day', 'week', 'period')),
	CONSTRAINT "alert_rules_metric_check" CHECK ((kind = 'usage_amount') = (metric_id is null)),
	CONSTRAINT "alert_rules_currency_check" CHECK ((kind = 'metric_units' and currency is null) or (kind <> 'metric_units' and currency ~ '^[a-z]{3}$')),
	CONSTRAINT "alert_rules_threshold_check" CHECK (threshold > 0),
	CONSTRAINT "alert_rules_aggregate_check" CHECK (not (aggregate and customer_id is not null)),
	CONSTRAINT "alert_rules_notify_check" CHECK (cardinality(notify) > 0 and notify <@ array['admins', 'customer', 'webhook']::text[])
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "alerts" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"customer_id" uuid,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"value" numeric NOT NULL,
	"threshold" numeric NOT NULL,
	"currency" text,
	"triggered_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_once_per_window_key" UNIQUE NULLS NOT DISTINCT("rule_id","customer_id","window_start"),
	CONSTRAINT "alerts_window_check" CHECK (window_end > window_start)
);
--> statement-breakpoint
ALTER TABLE "alerts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "budget_notifications" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"customer_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"percent" integer NOT NULL,
	"budget_amount" numeric(24, 6) NOT NULL,
	"spend" numeric(24, 6) NOT NULL,
	"currency" text NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	CONSTRAINT "budget_notifications_customer_id_period_start_percent_pk" PRIMARY KEY("customer_id","period_start","percent")
);
--> statement-breakpoint
ALTER TABLE "budget_notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customer_budgets" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"amount" numeric(24, 6) NOT NULL,
	"currency" text NOT NULL,
	"notify_at_percent" integer[] DEFAULT '{50,80,100}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_budgets_amount_check" CHECK (amount > 0),
	CONSTRAINT "customer_budgets_currency_check" CHECK (currency ~ '^[a-z]{3}$'),
	CONSTRAINT "customer_budgets_percent_check" CHECK (cardinality(notify_at_percent) between 1 and 10 and 1 <= all(notify_at_percent) and 1000 >= all(notify_at_percent))
);
--> statement-breakpoint
ALTER TABLE "customer_budgets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billable_metrics" ADD COLUMN "unit_cost" numeric;--> statement-breakpoint
ALTER TABLE "billable_metrics" ADD COLUMN "unit_cost_currency" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_metric_id_billable_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."billable_metrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_notifications" ADD CONSTRAINT "budget_notifications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_budgets" ADD CONSTRAINT "customer_budgets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_preset_key" ON "alert_rules" USING btree ("workspace_id","preset_key");--> statement-breakpoint
CREATE INDEX "alert_rules_enabled_idx" ON "alert_rules" USING btree ("workspace_id") WHERE enabled;--> statement-breakpoint
CREATE INDEX "alerts_triggered_idx" ON "alerts" USING btree ("workspace_id","triggered_at");--> statement-breakpoint
CREATE INDEX "alerts_customer_idx" ON "alerts" USING btree ("customer_id","triggered_at");--> statement-breakpoint
ALTER TABLE "billable_metrics" ADD CONSTRAINT "billable_metrics_unit_cost_check" CHECK ((unit_cost is null and unit_cost_currency is null) or (unit_cost >= 0 and unit_cost_currency ~ '^[a-z]{3}$'));--> statement-breakpoint
CREATE POLICY "alert_rules_workspace_scope" ON "alert_rules" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "alerts_workspace_scope" ON "alerts" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "budget_notifications_workspace_scope" ON "budget_notifications" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "budget_notifications_customer_read_own" ON "budget_notifications" AS PERMISSIVE FOR SELECT TO "authenticated" USING (customer_id in (select c.id from public.customers c where c.user_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "customer_budgets_workspace_scope" ON "customer_budgets" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "customer_budgets_customer_read_own" ON "customer_budgets" AS PERMISSIVE FOR SELECT TO "authenticated" USING (customer_id in (select c.id from public.customers c where c.user_id = (select auth.uid())));--> statement-breakpoint
-- As 20261122035603_grants.sql for the first tables: a signed-in customer reads their own budget and
-- its notifications (RLS narrows SELECT to their rows); rules and alerts are the workspace's business.
REVOKE ALL ON public.alert_rules, public.alerts, public.customer_budgets, public.budget_notifications FROM anon, authenticated;--> statement-breakpoint
GRANT SELECT ON public.customer_budgets, public.budget_notifications TO authenticated;--> statement-breakpoint
GRANT ALL ON public.alert_rules, public.alerts, public.customer_budgets, public.budget_notifications TO service_role;
--> statement-breakpoint
-- A customer reads the catalog their plan is priced by, but a metric's unit cost is the operator's
-- cost price: their SELECT on billable_metrics is narrowed to the other columns.
REVOKE SELECT ON public.billable_metrics FROM authenticated;--> statement-breakpoint
GRANT SELECT (workspace_id, id, code, name, unit, aggregation, property, dimensions, description, archived_at, created_at) ON public.billable_metrics TO authenticated;
