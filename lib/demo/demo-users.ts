// The sign-ins the demo creates for the local issuer, shown on the login page and printed at start.
export const DEMO_USERS = {
  admin: { email: 'admin@example.com', password: 'demo-admin' },
  customer: { email: 'customer@example.com', password: 'demo-customer' },
  // a member of the default workspace who may look at everything in the admin area and change nothing
  viewer: { email: 'viewer@example.com', password: 'demo-viewer' },
} as const;
