ALTER TABLE "billing_periods" ADD COLUMN "cycle_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing_periods" ADD COLUMN "cycle_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "billing_anchor" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing_periods" ADD CONSTRAINT "billing_periods_cycle_check" CHECK ((cycle_start is null and cycle_end is null) or (cycle_start <= period_start and period_end <= cycle_end));