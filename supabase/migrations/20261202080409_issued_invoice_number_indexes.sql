DROP INDEX "invoices_number_key";--> statement-breakpoint
DROP INDEX "invoices_series_year_sequence_key";--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("workspace_id","number") WHERE number is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_series_year_sequence_key" ON "invoices" USING btree ("workspace_id","number_series","number_year","number_sequence") WHERE number_sequence is not null;