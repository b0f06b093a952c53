DROP INDEX "notification_outbox_dedupe_key";--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_dedupe_key" ON "notification_outbox" USING btree ("workspace_id","dedupe_key");