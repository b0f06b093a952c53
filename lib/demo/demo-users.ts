// The sign-ins the demo creates for the local issuer, shown on the login page and printed at start.
export const DEMO_USERS = {
  admin: { email: 'admin@example.com', password: 'demo-admin' },
  customer: { email: 'customer@example.com', password: 'demo-customer' },
} as const;
