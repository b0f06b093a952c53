// Metrics and plans drawn from the source systems: Lyceum's platform fee + licenses + clusters +
// extra users + storage overage on a fixed 30-day cycle, the Billing Engine's $99 base with API-call
// overage, the Ops Center's tiers with included credits, and Vigint's weekly per-request billing.
// POST /api/billing/setup installs these on an empty catalog (ensure-default-catalog.ts); the demo uses them too.
import type { MetricInput, PlanInput } from '@/lib/catalog/catalog-schemas';

export const DEFAULT_METRICS: MetricInput[] = [
  { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' },
  { code: 'rtsp_streams', name: 'RTSP streaming requests', unit: 'request', aggregation: 'sum' },
  { code: 'licenses', name: 'Licenses', unit: 'license', aggregation: 'latest', dimensions: ['tier'] },
  { code: 'clusters', name: 'Clusters', unit: 'cluster', aggregation: 'latest', dimensions: ['size', 'type'] },
  { code: 'extra_users', name: 'Additional users', unit: 'user', aggregation: 'latest' },
  { code: 'storage_gb', name: 'Storage', unit: 'GB', aggregation: 'max' },
  { code: 'ai_credits', name: 'AI credits', unit: 'credit', aggregation: 'sum' },
  { code: 'active_users', name: 'Monthly active users', unit: 'user', aggregation: 'unique_count', property: 'user_id' },
];

const license = (tier: string, price: string) => ({
  metric: 'licenses',
  model: 'per_unit' as const,
  unit_price: price,
  filters: { tier },
  description: `${tier[0]!.toUpperCase()}${tier.slice(1)} licenses`,
});
const cluster = (size: string, type: string, price: string) => ({
  metric: 'clusters',
  model: 'per_unit' as const,
  unit_price: price,
  filters: { size, type },
  description: `${size[0]!.toUpperCase()}${size.slice(1)} ${type} clusters`,
});

export const DEFAULT_PLANS: PlanInput[] = [
  {
    code: 'lyceum',
    name: 'Lyceum Platform',
    description: 'Platform fee plus licenses, clusters, extra users and storage over 100 GB, every 30 days.',
    currency: 'usd',
    interval: 'day',
    interval_count: 30,
    charges: [
      { metric: null, model: 'flat', amount: '10', description: 'Platform base fee' },
      license('basic', '5'),
      license('professional', '15'),
      license('enterprise', '25'),
      cluster('small', 'development', '20'),
      cluster('small', 'production', '40'),
      cluster('small', 'analytics', '30'),
      cluster('medium', 'development', '40'),
      cluster('medium', 'production', '80'),
      cluster('medium', 'analytics', '60'),
      cluster('large', 'development', '80'),
      cluster('large', 'production', '160'),
      cluster('large', 'analytics', '120'),
      { metric: 'extra_users', model: 'per_unit', unit_price: '3', description: 'Additional users' },
      { metric: 'storage_gb', model: 'per_unit', unit_price: '0.10', included_units: '100', description: 'Storage overage' },
    ],
  },
  {
    code: 'api_growth',
    name: 'API Growth',
    description: '$99 a month with 10,000 API calls included, then $0.01 per call.',
    currency: 'usd',
    interval: 'month',
    charges: [
      { metric: null, model: 'flat', amount: '99', description: 'Monthly base fee' },
      { metric: 'api_calls', model: 'per_unit', unit_price: '0.01', included_units: '10000', description: 'API calls over 10,000' },
    ],
  },
  {
    code: 'starter',
    name: 'Starter',
    currency: 'usd',
    interval: 'month',
    trial_days: 14,
    charges: [
      { metric: null, model: 'flat', amount: '19', description: 'Starter subscription' },
      { metric: 'ai_credits', model: 'per_unit', unit_price: '0.002', included_units: '100', description: 'AI credits over 100 ($2.00 per 1,000)' },
    ],
  },
  {
    code: 'professional',
    name: 'Professional',
    currency: 'usd',
    interval: 'month',
    trial_days: 14,
    charges: [
      { metric: null, model: 'flat', amount: '49', description: 'Professional subscription' },
      { metric: 'ai_credits', model: 'per_unit', unit_price: '0.002', included_units: '500', description: 'AI credits over 500 ($2.00 per 1,000)' },
    ],
  },
  {
    code: 'enterprise',
    name: 'Enterprise',
    currency: 'usd',
    interval: 'month',
    charges: [
      { metric: null, model: 'flat', amount: '99', description: 'Enterprise subscription' },
      {
        metric: 'ai_credits',
        model: 'graduated',
        description: 'AI credits',
        tiers: [
          { up_to: '5000', unit_price: '0' },
          { up_to: '50000', unit_price: '0.0015' },
          { up_to: null, unit_price: '0.001' },
        ],
      },
      { metric: 'storage_gb', model: 'package', amount: '5', package_size: '50', included_units: '100', description: 'Storage, per started 50 GB over 100 GB' },
    ],
  },
  {
    code: 'vigint_weekly',
    name: 'Vigint API (weekly)',
    description: 'Per-request billing every week, EUR, by bank transfer.',
    currency: 'eur',
    interval: 'week',
    charges: [
      { metric: 'rtsp_streams', model: 'per_unit', unit_price: '0.0010', description: 'RTSP Streaming' },
      { metric: 'api_calls', model: 'per_unit', unit_price: '0.0005', description: 'API Calls' },
    ],
  },
  {
    code: 'vigint_volume',
    name: 'Vigint API (monthly, volume)',
    currency: 'eur',
    interval: 'month',
    charges: [
      {
        metric: 'api_calls',
        model: 'volume',
        description: 'API Calls',
        tiers: [
          { up_to: '100000', unit_price: '0.0005' },
          { up_to: '1000000', unit_price: '0.0004' },
          { up_to: null, unit_price: '0.0003', flat_amount: '50' },
        ],
      },
    ],
  },
];
