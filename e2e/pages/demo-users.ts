// The demo sign-ins the seed creates (lib/db/seed/demo-data.ts DEMO_USERS). Spelled out here so the
// tests do not load the seeding code into Playwright's runner.
export const DEMO = {
  customer: { email: 'customer@example.com', password: 'demo-customer', customerName: 'Acme Corporation' },
  admin: { email: 'admin@example.com', password: 'demo-admin' },
} as const;

export type DemoRole = keyof typeof DEMO;
