// The demo sign-ins the seed creates (lib/demo/demo-users.ts). Spelled out here so the e2e tests stand
// on their own and do not load application code into Playwright's runner.
export const DEMO = {
  customer: { email: 'customer@example.com', password: 'demo-customer', customerName: 'Acme Corporation' },
  admin: { email: 'admin@example.com', password: 'demo-admin' },
  viewer: { email: 'viewer@example.com', password: 'demo-viewer' },
} as const;

export type DemoRole = keyof typeof DEMO;
