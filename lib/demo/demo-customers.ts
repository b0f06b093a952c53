// Who is in the demo: a dozen customers across every default plan, with how long ago they subscribed,
// how they pay and what they report each day. The seed (seed-demo-data.ts) plays their history back
// through the product; nothing here is an amount or an invoice.

/** A day's reading of one metric; `dayInCycle` counts from the start of the billing cycle the day is in. */
export type DailyUsage = {
  metric: string;
  /** event properties, matched by the plan's charge filters (Lyceum prices licenses by tier) */
  properties?: Record<string, string>;
  value: (random: () => number, dayInCycle: number) => number;
};

export type DemoCustomer = {
  key: string;
  name: string;
  email: string;
  country: string;
  currency: string;
  /** null or left out: the configured default rate (21%) */
  taxRate?: string;
  taxExempt?: boolean;
  taxId?: string;
  paymentMethod: 'card' | 'bank_transfer' | 'direct_debit';
  plan: string;
  /** subscribed this many whole billing cycles plus `days` before today; `trial` takes the plan's trial first */
  started: { cycles: number; days: number };
  trial?: boolean;
  /** paid nothing issued in the last this many days: dunning takes it from there */
  stoppedPayingDaysAgo?: number;
  usage: DailyUsage[];
  /** the demo customer sign-in belongs to this customer */
  demoUser?: boolean;
  address: string[];
};

const constant = (n: number) => () => n;
const around = (mean: number, spread: number) => (random: () => number) => Math.round(mean + (random() * 2 - 1) * spread);

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    key: 'acme', name: 'Acme Corporation', email: 'billing@acme.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', started: { cycles: 3, days: 10 }, demoUser: true, address: ['500 Market Street', 'San Francisco, CA 94105', 'United States'],
    usage: [
      { metric: 'licenses', properties: { tier: 'professional' }, value: constant(5) },
      { metric: 'clusters', properties: { size: 'medium', type: 'production' }, value: constant(2) },
      { metric: 'extra_users', value: constant(3) },
      // storage creeps up to 105 GB during each cycle: 5 GB over the 100 GB included
      { metric: 'storage_gb', value: (_random, day) => 95 + Math.min(day, 10) },
    ],
  },
  {
    key: 'globex', name: 'Globex Ltd', email: 'accounts@globex.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', started: { cycles: 3, days: 7 }, address: ['12 Elm Road', 'Springfield, OR 97477', 'United States'],
    usage: [
      { metric: 'licenses', properties: { tier: 'basic' }, value: constant(2) },
      { metric: 'clusters', properties: { size: 'small', type: 'development' }, value: constant(1) },
      { metric: 'storage_gb', value: around(40, 10) },
    ],
  },
  {
    key: 'initech', name: 'Initech', email: 'finance@initech.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', started: { cycles: 3, days: 5 }, address: ['4120 Freidrich Lane', 'Austin, TX 78744', 'United States'],
    usage: [
      { metric: 'licenses', properties: { tier: 'enterprise' }, value: constant(10) },
      { metric: 'clusters', properties: { size: 'large', type: 'production' }, value: constant(3) },
      { metric: 'clusters', properties: { size: 'large', type: 'analytics' }, value: constant(2) },
      { metric: 'extra_users', value: constant(10) },
      { metric: 'storage_gb', value: around(80, 5) },
    ],
  },
  {
    key: 'techstartup', name: 'TechStartup Inc', email: 'billing@techstartup.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'api_growth', started: { cycles: 3, days: 12 }, address: ['88 Harbor Way', 'Boston, MA 02110', 'United States'],
    usage: [{ metric: 'api_calls', value: around(500, 120) }],
  },
  {
    key: 'dataco', name: 'DataCo Analytics', email: 'ap@dataco.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'api_growth', started: { cycles: 3, days: 1 }, address: ['1 Data Plaza', 'Denver, CO 80202', 'United States'],
    usage: [{ metric: 'api_calls', value: around(280, 60) }],
  },
  {
    key: 'umbrella', name: 'Umbrella Labs', email: 'billing@umbrella.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'professional', started: { cycles: 3, days: 19 }, address: ['77 Raccoon Ave', 'Raccoon City, MO 63101', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(19, 6) }],
  },
  {
    // stopped paying two invoices ago: overdue, then suspended by dunning 14 days past the due date
    key: 'hooli', name: 'Hooli', email: 'ap@hooli.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'starter', started: { cycles: 3, days: 25 }, stoppedPayingDaysAgo: 60, address: ['1 Hooli Way', 'Palo Alto, CA 94301', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(6, 3) }],
  },
  {
    key: 'stark', name: 'Stark Industries', email: 'invoices@stark.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'enterprise', started: { cycles: 3, days: 10 }, address: ['10880 Malibu Point', 'Malibu, CA 90265', 'United States'],
    usage: [
      { metric: 'ai_credits', value: around(650, 150) },
      { metric: 'storage_gb', value: (_random, day) => 180 + day * 3 },
    ],
  },
  {
    key: 'vigint_nl', name: 'Acme Surveillance B.V.', email: 'facturen@acme-surveillance.example', country: 'NL', currency: 'eur',
    paymentMethod: 'bank_transfer', plan: 'vigint_weekly', started: { cycles: 14, days: 0 }, address: ['Keizersgracht 100', '1015 CW Amsterdam', 'Netherlands'],
    usage: [
      { metric: 'rtsp_streams', value: around(143, 40) },
      { metric: 'api_calls', value: around(714, 150) },
    ],
  },
  {
    key: 'vigint_de', name: 'Müller Sicherheit GmbH', email: 'buchhaltung@mueller.example', country: 'DE', currency: 'eur', taxRate: '0.19',
    paymentMethod: 'direct_debit', plan: 'vigint_weekly', started: { cycles: 13, days: 1 }, address: ['Friedrichstraße 12', '10117 Berlin', 'Germany'],
    usage: [
      { metric: 'rtsp_streams', value: around(60, 20) },
      { metric: 'api_calls', value: around(2100, 400) },
    ],
  },
  {
    key: 'nordic', name: 'Nordic Streams AB', email: 'faktura@nordicstreams.example', country: 'SE', currency: 'eur', taxExempt: true, taxId: 'SE556677889901',
    paymentMethod: 'bank_transfer', plan: 'vigint_volume', started: { cycles: 3, days: 4 }, address: ['Sveavägen 20', '111 57 Stockholm', 'Sweden'],
    usage: [{ metric: 'api_calls', value: around(4200, 900) }],
  },
  {
    key: 'wayne', name: 'Wayne Enterprises', email: 'billing@wayne.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'starter', started: { cycles: 0, days: 5 }, trial: true, address: ['1007 Mountain Drive', 'Gotham, NJ 07001', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(8, 4) }],
  },
];
