-- Written by hand: the audit log is append-only in the database itself. A row may be inserted, never
-- changed or removed, whoever asks: triggers fire for the table owner and for superusers too, so an
-- UPDATE, a DELETE or a TRUNCATE fails for the privileged connection, the workspace-scoped role and
-- a psql session alike. (Only the owner's ALTER TABLE ... DISABLE TRIGGER gets around it: a schema
-- change, not a write.) A correction is a new entry. The customer_id foreign key stays ON DELETE NO
-- ACTION: a customer with a history cannot be deleted (erasure pseudonymizes the customer row
-- instead), and no cascade ever has to update or delete an entry.
CREATE OR REPLACE FUNCTION public.audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'AU001', HINT = 'Record a correction as a new audit entry instead.';
END
$fn$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only_rows BEFORE UPDATE OR DELETE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_refuse_change();
