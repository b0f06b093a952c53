-- Who may touch what. Supabase's default privileges give anon and authenticated every right on new
-- tables in public; billing data is written only by the privileged connection (admin, cron, webhook,
-- CLI), so signed-in users keep SELECT on the tables a customer may see (RLS narrows that to their
-- own rows) and nothing else. A later migration that adds a table repeats this for it.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM anon, authenticated;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM anon, authenticated;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT SELECT ON
  public.customers,
  public.billable_metrics,
  public.plans,
  public.plan_charges,
  public.subscriptions,
  public.billing_periods,
  public.usage_events,
  public.usage_rollups,
  public.usage_snapshots,
  public.invoices,
  public.invoice_lines,
  public.payments,
  public.payment_methods,
  public.credit_notes
TO authenticated;
GRANT ALL ON ALL TABLES IN SCHEMA public TO service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO service_role;
