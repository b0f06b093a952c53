ALTER TABLE "notification_outbox" ALTER COLUMN "send_after" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "send_after" DROP NOT NULL;