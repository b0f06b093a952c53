CREATE TABLE "usage_unique_values" (
	"customer_id" uuid NOT NULL,
	"metric_id" uuid NOT NULL,
	"day" date NOT NULL,
	"dimension" text DEFAULT '' NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "usage_unique_values_customer_id_metric_id_day_dimension_value_pk" PRIMARY KEY("customer_id","metric_id","day","dimension","value")
);
--> statement-breakpoint
ALTER TABLE "usage_unique_values" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- the column before the key that includes it (drizzle-kit emits them the other way round)
ALTER TABLE "usage_rollups" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_customer_id_metric_id_day_dimension_pk";--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_customer_id_metric_id_day_dimension_shard_pk" PRIMARY KEY("customer_id","metric_id","day","dimension","shard");--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "dimension" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_unique_values" ADD CONSTRAINT "usage_unique_values_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_unique_values" ADD CONSTRAINT "usage_unique_values_metric_id_billable_metrics_id_fk" FOREIGN KEY ("metric_id") REFERENCES "public"."billable_metrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "usage_unique_values_customer_read_own" ON "usage_unique_values" AS PERMISSIVE FOR SELECT TO "authenticated" USING (customer_id in (select c.id from public.customers c where c.user_id = (select auth.uid())));
--> statement-breakpoint
-- Rollup rows are updated in place by every batch; room left on each page lets PostgreSQL make those
-- HOT updates (no index writes), which ingestion's throughput depends on.
ALTER TABLE "usage_rollups" SET (fillfactor = 70);
--> statement-breakpoint
-- Grants for the new table, as 20261122035603_grants.sql does for the first ones: customers read
-- their own rows under RLS, only the privileged connection writes.
REVOKE ALL ON public.usage_unique_values FROM anon, authenticated;--> statement-breakpoint
GRANT SELECT ON public.usage_unique_values TO authenticated;--> statement-breakpoint
GRANT ALL ON public.usage_unique_values TO service_role;
