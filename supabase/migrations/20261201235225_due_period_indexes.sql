DROP INDEX "billing_periods_due_idx";--> statement-breakpoint
DROP INDEX "billing_periods_advance_due_idx";--> statement-breakpoint
CREATE INDEX "billing_periods_due_idx" ON "billing_periods" USING btree ("period_end","id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "billing_periods_advance_due_idx" ON "billing_periods" USING btree ("period_start","id") WHERE advance_fees = 'pending';