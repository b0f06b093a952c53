// The demo's second workspace: Vigint, the video-analytics API business, billing its own customers in
// EUR from the same installation. Its settings, catalog and customers follow Vigint's own billing
// system (per-request RTSP streaming at €0.0010 and API calls at €0.0005, weekly, monthly and
// quarterly cycles, 21% VAT, invoices numbered VIGINT-{year}-{number:04d}, bank transfers, cards and
// direct debit). The metric codes are the default workspace's too: codes are unique per workspace, and
// the demo shows it. As in demo-customers.ts, nothing here is an amount billed or an invoice.
import type { MetricInput, PlanInput } from '@/lib/catalog/catalog-schemas';
import type { workspaces } from '@/lib/db/schema';
import type { DemoCustomer } from './demo-customers';

export const VIGINT_SLUG = 'vigint';
export const VIGINT_NAME = 'Vigint';

/** The workspace's own settings, as an admin would set them on its settings page. */
export const VIGINT_SETTINGS = {
  companyName: 'Vigint B.V.',
  companyEmail: 'billing@vigint.example',
  companyAddressLines: ['Herengracht 420', '1017 BZ Amsterdam', 'Netherlands'],
  companyTaxId: 'NL859349215B01',
  defaultCurrency: 'eur',
  defaultTaxRate: '0.21',
  invoiceNumberFormat: 'VIGINT-{year}-{number:04d}',
  creditNoteNumberFormat: 'VIGINT-CN-{year}-{number:04d}',
  paymentTermsDays: 14,
  bankIban: 'NL91ABNA0417164300',
  bankBic: 'ABNANL2A',
  emailFrom: 'Vigint Billing <billing@vigint.example>',
} satisfies Partial<typeof workspaces.$inferInsert>;

export const VIGINT_METRICS: MetricInput[] = [
  { code: 'rtsp_streams', name: 'RTSP streaming requests', unit: 'request', aggregation: 'sum' },
  { code: 'api_calls', name: 'API calls', unit: 'call', aggregation: 'sum' },
];

const rtsp = { metric: 'rtsp_streams', model: 'per_unit' as const, unit_price: '0.0010', description: 'RTSP Streaming' };
const apiCalls = { metric: 'api_calls', model: 'per_unit' as const, unit_price: '0.0005', description: 'API Calls' };

export const VIGINT_PLANS: PlanInput[] = [
  {
    code: 'weekly',
    name: 'Pay per request (weekly)',
    description: 'Every request billed weekly: RTSP streaming €0.0010, API calls €0.0005.',
    currency: 'eur',
    interval: 'week',
    charges: [rtsp, apiCalls],
  },
  {
    code: 'monthly',
    name: 'Pay per request (monthly)',
    description: 'Monthly, with API calls cheaper by volume.',
    currency: 'eur',
    interval: 'month',
    charges: [
      rtsp,
      {
        metric: 'api_calls',
        model: 'volume',
        description: 'API Calls',
        tiers: [
          { up_to: '100000', unit_price: '0.0005' },
          { up_to: '1000000', unit_price: '0.0004' },
          { up_to: null, unit_price: '0.0003' },
        ],
      },
    ],
  },
  {
    code: 'quarterly',
    name: 'Quarterly commitment',
    description: '€450 a quarter with 1,000,000 API calls included, then €0.0004 a call.',
    currency: 'eur',
    interval: 'quarter',
    charges: [
      { metric: null, model: 'flat', amount: '450', description: 'Quarterly commitment' },
      rtsp,
      { metric: 'api_calls', model: 'per_unit', unit_price: '0.0004', included_units: '1000000', description: 'API Calls over 1,000,000' },
    ],
  },
];

const around = (mean: number, spread: number) => (random: () => number) => Math.round(mean + (random() * 2 - 1) * spread);

export const VIGINT_CUSTOMERS: DemoCustomer[] = [
  {
    key: 'haven', name: 'Haven Rotterdam Beveiliging B.V.', email: 'crediteuren@havenbeveiliging.example', country: 'NL', currency: 'eur',
    paymentMethod: 'bank_transfer', plan: 'weekly', started: { cycles: 13, days: 2 }, address: ['Wilhelminakade 12', '3072 AP Rotterdam', 'Netherlands'],
    usage: [
      { metric: 'rtsp_streams', value: around(420, 90) },
      { metric: 'api_calls', value: around(1800, 350) },
    ],
  },
  {
    key: 'lyon', name: 'Sécurité Lyon SARL', email: 'comptabilite@securite-lyon.example', country: 'FR', currency: 'eur', taxRate: '0.20',
    paymentMethod: 'card', plan: 'weekly', started: { cycles: 12, days: 4 }, address: ['8 Quai Saint-Antoine', '69002 Lyon', 'France'],
    usage: [
      { metric: 'rtsp_streams', value: around(150, 40) },
      { metric: 'api_calls', value: around(900, 200) },
    ],
  },
  {
    key: 'bruxelles', name: 'Bruxelles Vidéo SRL', email: 'factures@bruxelles-video.example', country: 'BE', currency: 'eur',
    paymentMethod: 'direct_debit', plan: 'monthly', started: { cycles: 3, days: 6 }, address: ['Rue Neuve 30', '1000 Bruxelles', 'Belgium'],
    usage: [
      { metric: 'rtsp_streams', value: around(800, 150) },
      { metric: 'api_calls', value: around(5200, 900) },
    ],
  },
  {
    key: 'wien', name: 'Wiener Kameratechnik GmbH', email: 'buchhaltung@kameratechnik.example', country: 'AT', currency: 'eur', taxExempt: true, taxId: 'ATU12345678',
    paymentMethod: 'bank_transfer', plan: 'quarterly', started: { cycles: 1, days: 20 }, address: ['Mariahilfer Straße 50', '1070 Wien', 'Austria'],
    usage: [
      { metric: 'rtsp_streams', value: around(300, 60) },
      { metric: 'api_calls', value: around(14000, 3000) },
    ],
  },
];
