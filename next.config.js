// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships a WASM build of Postgres and loads its files at run time; bundling breaks that.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // forbidden() and app/forbidden.tsx: a signed-in customer opening /admin gets a 403 page
    authInterrupts: true,
  },
};

export default nextConfig;
