#!/usr/bin/env node
// npm run test:e2e: build the app, start it on a free port with a fresh embedded database and the
// local demo sign-in (no Stripe: E2E_BASE_URL); beside it, the fake Stripe server (test/fake-stripe/
// serve.ts: E2E_FAKE_STRIPE_URL) and a second start of the same build with its own database and
// Stripe configured against the fake, which delivers its events to that app's webhook
// (E2E_STRIPE_BASE_URL, for e2e/stripe/*.spec.ts). Wait until all answer, run Playwright, stop them,
// exit with Playwright's code. Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- -g admin`);
// E2E_SKIP_BUILD=1 reuses the last build while iterating on tests.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_TIMEOUT_MS = 120_000;
const playwrightArgs = process.argv.slice(2);

function log(message) {
  console.log(`[e2e] ${message}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (process.env.E2E_SKIP_BUILD === '1') {
  log('E2E_SKIP_BUILD=1: testing the existing .next build');
} else {
  log('building (next build)…');
  const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    log(`next build failed (exit ${build.status ?? build.signal})`);
    process.exit(build.status || 1);
  }
}

const tempDir = mkdtempSync(path.join(tmpdir(), 'meterbill-e2e-'));
const [port, stripePort, fakePort] = await Promise.all([freePort(), freePort(), freePort()]);
// localhost, not 127.0.0.1: `next start` builds request URLs (and so the sign-in redirects) on
// localhost, and a session cookie set for one host name is not sent to the other
const baseURL = `http://localhost:${port}`;
// a second start of the same build with Stripe configured against the fake Stripe server, for the
// specs in e2e/stripe/ (the first server stays Stripe-less: bank transfer, as most specs expect)
const stripeBaseURL = `http://localhost:${stripePort}`;
const fakeStripeURL = `http://127.0.0.1:${fakePort}`;
const WEBHOOK_SECRET = 'whsec_e2e_webhook_secret_value';

const serverEnv = { ...process.env };
delete serverEnv.DATABASE_URL;
// a Supabase project in the caller's environment would switch sign-in away from the demo accounts
delete serverEnv.NEXT_PUBLIC_SUPABASE_URL;
delete serverEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY;
delete serverEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
// a Stripe account in the caller's environment must not be reached by either server
for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_API_BASE', 'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY']) delete serverEnv[name];
Object.assign(serverEnv, {
  NODE_ENV: 'production',
  BILLING_LOCAL_AUTH: '1',
  // sessions are signed with a throwaway key instead of the one kept in the repo's .data/
  BILLING_LOCAL_AUTH_SECRET: randomBytes(32).toString('base64url'),
  PGLITE_DATA_DIR: path.join(tempDir, 'pglite'),
  CRON_SECRET: 'e2e-cron-secret-value-123456',
  // webhooks are verified with this; no Stripe API key, so the app runs on bank transfer
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
});
const stripeServerEnv = {
  ...serverEnv,
  BILLING_LOCAL_AUTH_SECRET: randomBytes(32).toString('base64url'),
  PGLITE_DATA_DIR: path.join(tempDir, 'pglite-stripe'),
  APP_URL: stripeBaseURL,
  STRIPE_SECRET_KEY: 'sk_test_e2e_fake_stripe_key',
  STRIPE_API_BASE: fakeStripeURL,
  // read on the server at runtime (NEXT_PUBLIC_ values are inlined into client bundles at build time)
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_e2e_fake_stripe_key',
};
const fakeEnv = {
  ...process.env,
  FAKE_STRIPE_PORT: String(fakePort),
  FAKE_STRIPE_WEBHOOK_URL: `${stripeBaseURL}/api/billing/stripe-webhook`,
  FAKE_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

/** A child process in its own process group (so stopping it also stops what npx started), logging to a file. */
function startProcess(name, command, args, env) {
  const logFile = path.join(tempDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', out, out], detached: true });
  const proc = { name, child, logFile, out, exited: null, stopped: false };
  child.on('exit', (code, signal) => {
    proc.exited = { code, signal };
  });
  return proc;
}

async function stopProcess(proc) {
  if (proc.stopped) return;
  proc.stopped = true;
  if (proc.exited === null && proc.child.pid) {
    try {
      process.kill(-proc.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && proc.exited === null; i++) await sleep(100);
    if (proc.exited === null) {
      try {
        process.kill(-proc.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  closeSync(proc.out);
}

function logTail(proc, lines = 60) {
  try {
    return readFileSync(proc.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

log(`starting next start on ${baseURL} (embedded database in ${serverEnv.PGLITE_DATA_DIR})…`);
log(`starting the fake Stripe server on ${fakeStripeURL} and next start with Stripe on ${stripeBaseURL}…`);
const server = startProcess('server', 'npx', ['next', 'start', '-p', String(port)], serverEnv);
const fakeStripe = startProcess('fake-stripe', 'npx', ['tsx', 'test/fake-stripe/serve.ts'], fakeEnv);
const stripeServer = startProcess('server-stripe', 'npx', ['next', 'start', '-p', String(stripePort)], stripeServerEnv);
const processes = [server, fakeStripe, stripeServer];

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  await Promise.all(processes.map(stopProcess));
  if (code !== 0) {
    for (const proc of processes) console.log(`\n[e2e] last lines of the ${proc.name} log:\n${logTail(proc)}`);
  }
  rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void finish(130));
}

/** Waits until `url` gives any HTTP answer; false when `proc` exits first or the time is up. */
async function waitUntilUp(proc, url) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exited !== null) {
      log(`${proc.name} exited during start-up (${proc.exited.code ?? proc.exited.signal})`);
      return false;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(STARTUP_TIMEOUT_MS) });
      await response.arrayBuffer();
      log(`${proc.name} is up (GET ${new URL(url).pathname} answered ${response.status})`);
      return true;
    } catch {
      await sleep(500);
    }
  }
  log(`${proc.name} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s`);
  return false;
}

// any HTTP answer means a server is up (this one is 401 without admin credentials); the first request
// also migrates and seeds its embedded database, which takes a while: the three start side by side
const ups = await Promise.all([
  waitUntilUp(server, `${baseURL}/api/billing/setup`),
  waitUntilUp(fakeStripe, `${fakeStripeURL}/__fake/health`),
  waitUntilUp(stripeServer, `${stripeBaseURL}/api/billing/setup`),
]);
if (ups.includes(false)) await finish(1);

const tests = spawn('npx', ['playwright', 'test', ...playwrightArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, E2E_BASE_URL: baseURL, E2E_STRIPE_BASE_URL: stripeBaseURL, E2E_FAKE_STRIPE_URL: fakeStripeURL },
});
const testCode = await new Promise((resolve) => {
  tests.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});
await finish(testCode);
