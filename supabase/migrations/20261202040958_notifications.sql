CREATE TABLE "webhook_deliveries" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_status" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_status_check" CHECK (status in ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"workspace_id" uuid DEFAULT public.current_workspace_id() NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"events" text[] NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_events_check" CHECK (cardinality(events) > 0)
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "notification_outbox_pending_idx";--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "to_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "status" SET DEFAULT 'queued';--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "billing_emails" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_bounce_reason" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "channel" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "credit_note_id" uuid;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "to_emails" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "text" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "delivery_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- the dunning messages written so far: one recipient each, and 'pending' is now 'queued'
UPDATE "notification_outbox" SET "to_emails" = array["to_email"], "status" = CASE "status" WHEN 'pending' THEN 'queued' ELSE "status" END;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "admin_alert_emails" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "brand_color" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "logo_url" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_message_id_notification_outbox_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."notification_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_message_endpoint_key" ON "webhook_deliveries" USING btree ("message_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_credit_note_id_credit_notes_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."credit_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("send_after") WHERE status in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "notification_outbox_customer_idx" ON "notification_outbox" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_provider_message_id_key" ON "notification_outbox" USING btree ("provider_message_id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_billing_emails_check" CHECK (cardinality(billing_emails) <= 5);--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_channel_check" CHECK (channel in ('email', 'webhook'));--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_status_check" CHECK (status in ('queued', 'sending', 'sent', 'failed', 'not_configured'));--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_to_emails_check" CHECK (cardinality(to_emails) <= 50);--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_brand_color_check" CHECK (brand_color is null or brand_color ~ '^#[0-9a-fA-F]{6}$');--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_admin_alert_emails_check" CHECK (cardinality(admin_alert_emails) <= 10);--> statement-breakpoint
CREATE POLICY "webhook_deliveries_workspace_scope" ON "webhook_deliveries" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
CREATE POLICY "webhook_endpoints_workspace_scope" ON "webhook_endpoints" AS PERMISSIVE FOR ALL TO "workspace_scoped" USING (workspace_id = (select public.current_workspace_id())) WITH CHECK (workspace_id = (select public.current_workspace_id()));--> statement-breakpoint
-- endpoint secrets and delivery logs are the workspace's business, never a customer's
REVOKE ALL ON public.webhook_endpoints, public.webhook_deliveries FROM anon, authenticated;--> statement-breakpoint
GRANT ALL ON public.webhook_endpoints, public.webhook_deliveries TO service_role;
