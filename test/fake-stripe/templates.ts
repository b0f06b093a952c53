// Fresh Stripe objects built from Stripe's own example objects (stripe-fixtures.json, copied from
// fixtures3.json), so every response carries Stripe's exact field set. The examples are generated
// documentation values (a discount on every customer, a quote parent on every invoice, random large
// numbers), so each template first gets the values a newly created object has, then the fields the
// resource module sets. Fields the SDK types require but the examples predate are added here too.
import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';

export type TemplateTypes = {
  customer: Stripe.Customer;
  product: Stripe.Product;
  price: Stripe.Price;
  plan: Stripe.Plan;
  invoiceitem: Stripe.InvoiceItem;
  invoice: Stripe.Invoice;
  line_item: Stripe.InvoiceLineItem;
  invoice_payment: Stripe.InvoicePayment;
  payment_method: Stripe.PaymentMethod;
  setup_intent: Stripe.SetupIntent;
  payment_intent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  refund: Stripe.Refund;
  subscription: Stripe.Subscription;
  subscription_item: Stripe.SubscriptionItem;
  'checkout.session': Stripe.Checkout.Session;
};
export type TemplateName = keyof TemplateTypes;

type Fixtures = { resources: Record<TemplateName | 'event', Record<string, unknown>> };

export const fixtures: Fixtures = JSON.parse(readFileSync(new URL('./stripe-fixtures.json', import.meta.url), 'utf8'));

const NULL_ADDRESS: Stripe.Address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

/** What a newly created object of each kind looks like where the example holds sample data. */
const FRESH: { [K in TemplateName]: Partial<TemplateTypes[K]> } = {
  customer: {
    address: null,
    currency: null,
    discount: null,
    email: null,
    name: null,
    phone: null,
    description: null,
    shipping: null,
    preferred_locales: [],
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    customer_account: null,
  },
  product: {
    default_price: null,
    description: null,
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: 'service',
  },
  price: { custom_unit_amount: null, lookup_key: null, nickname: null, recurring: null, transform_quantity: null, tiers_mode: null },
  plan: { transform_usage: null, tiers_mode: null, meter: null, nickname: null },
  invoiceitem: { parent: null, discounts: [], tax_rates: [], customer_account: null, test_clock: null, proration: false },
  invoice: {
    account_name: null,
    amount_overpaid: 0,
    amount_paid: 0,
    attempt_count: 0,
    attempted: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    billing_reason: 'manual',
    custom_fields: null,
    customer_account: null,
    customer_address: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_ids: [],
    default_payment_method: null,
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    last_finalization_error: null,
    latest_revision: null,
    next_payment_attempt: null,
    number: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    receipt_number: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    total_discount_amounts: [],
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
    automatically_finalizes_at: null,
  },
  line_item: { discount_amounts: [], discounts: [], pretax_credit_amounts: [], taxes: [], subscription: null },
  invoice_payment: {},
  payment_method: {
    billing_details: { address: NULL_ADDRESS, email: null, name: null, phone: null, tax_id: null },
    customer: null,
    customer_account: null,
    metadata: {},
  },
  setup_intent: {
    allowed_payment_method_types: null,
    automatic_payment_methods: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    metadata: {},
    next_action: null,
    payment_method_configuration_details: null,
  },
  payment_intent: {
    allowed_payment_method_types: null,
    amount_details: { tip: {} },
    automatic_payment_methods: null,
    canceled_at: null,
    last_payment_error: null,
    managed_payments: null,
    next_action: null,
    payment_method_configuration_details: null,
    payment_record: null,
    processing: null,
    shipping: null,
    transfer_data: null,
  },
  charge: {
    balance_transaction: null,
    calculated_statement_descriptor: 'FAKE STRIPE',
    fraud_details: {},
    receipt_email: null,
    receipt_number: null,
    shipping: null,
    source: null,
    transfer_data: null,
    transfer_group: null,
  },
  refund: { balance_transaction: null, receipt_number: null, source_transfer_reversal: null, transfer_reversal: null },
  subscription: {
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    description: null,
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    managed_payments: null,
    next_pending_invoice_item_invoice: null,
    pause_collection: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    transfer_data: null,
    trial_end: null,
    trial_start: null,
  },
  subscription_item: { billing_thresholds: null, current_trial: null, discounts: [], tax_rates: [] },
  // a session as a server creates it in setup mode: no amounts, no shipping, no prefilled details
  'checkout.session': {
    after_expiration: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    collected_information: null,
    consent: null,
    consent_collection: null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer_details: null,
    invoice_creation: null,
    managed_payments: null,
    payment_intent: null,
    payment_method_configuration_details: null,
    payment_method_types: ['card'],
    shipping_address_collection: null,
    shipping_cost: null,
    total_details: null,
    adaptive_pricing: null,
  },
};

/** Fields the examples still carry that are no longer part of the objects in 2026-10-28.endive. */
const REMOVED: Partial<Record<TemplateName, string[]>> = {
  // since 2025-03-31.basil an invoice names its subscription in parent.subscription_details
  invoice: ['subscription'],
};

/** A new object of kind `name`: Stripe's example, made fresh, with `fields` on top. */
export function fromTemplate<K extends TemplateName>(name: K, fields: Partial<TemplateTypes[K]>): TemplateTypes[K] {
  const example = structuredClone(fixtures.resources[name]);
  for (const key of REMOVED[name] ?? []) delete example[key];
  return { ...example, ...structuredClone(FRESH[name]), livemode: false, ...fields } as TemplateTypes[K];
}
