DROP INDEX "invoices_billing_period_key";--> statement-breakpoint
ALTER TABLE "billing_automation_log" ADD COLUMN "steps" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_periods" ADD COLUMN "advance_fees" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "billing_timing" text;--> statement-breakpoint
-- every period invoice issued so far billed its period at the end
UPDATE "invoices" SET "billing_timing" = 'arrears' WHERE "billing_period_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "source" text DEFAULT 'meterbill' NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "billing_alignment" text DEFAULT 'anniversary' NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "pay_in_advance" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "billing_periods_advance_due_idx" ON "billing_periods" USING btree ("period_start") WHERE advance_fees = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_billing_period_timing_key" ON "invoices" USING btree ("billing_period_id","billing_timing");--> statement-breakpoint
ALTER TABLE "billing_periods" ADD CONSTRAINT "billing_periods_advance_fees_check" CHECK (advance_fees is null or advance_fees in ('pending', 'invoiced'));--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_source_check" CHECK (source in ('meterbill', 'stripe'));--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_billing_timing_check" CHECK ((billing_period_id is null) = (billing_timing is null) and (billing_timing is null or billing_timing in ('arrears', 'advance')));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_billing_alignment_check" CHECK (billing_alignment in ('anniversary', 'calendar'));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_calendar_interval_count_check" CHECK (billing_alignment = 'anniversary' or interval_count = 1);