#!/usr/bin/env node
// npm run test:e2e: build the app, start it on a free port with a fresh embedded database and the
// local demo sign-in, wait until it answers, run Playwright against it, stop it, exit with
// Playwright's code. Extra arguments go to `playwright test` (e.g. `npm run test:e2e -- -g admin`);
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
const logFile = path.join(tempDir, 'server.log');
const port = await freePort();
// localhost, not 127.0.0.1: `next start` builds request URLs (and so the sign-in redirects) on
// localhost, and a session cookie set for one host name is not sent to the other
const baseURL = `http://localhost:${port}`;

const serverEnv = { ...process.env };
delete serverEnv.DATABASE_URL;
// a Supabase project in the caller's environment would switch sign-in away from the demo accounts
delete serverEnv.NEXT_PUBLIC_SUPABASE_URL;
delete serverEnv.NEXT_PUBLIC_SUPABASE_ANON_KEY;
delete serverEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
Object.assign(serverEnv, {
  NODE_ENV: 'production',
  BILLING_LOCAL_AUTH: '1',
  // sessions are signed with a throwaway key instead of the one kept in the repo's .data/
  BILLING_LOCAL_AUTH_SECRET: randomBytes(32).toString('base64url'),
  PGLITE_DATA_DIR: path.join(tempDir, 'pglite'),
  CRON_SECRET: 'e2e-cron-secret-value-123456',
  // webhooks are verified with this; no Stripe API key, so the app runs on bank transfer
  STRIPE_WEBHOOK_SECRET: 'whsec_e2e_webhook_secret_value',
});

const out = openSync(logFile, 'a');
// detached: the server gets its own process group, so stopping it also stops what npx started
const server = spawn('npx', ['next', 'start', '-p', String(port)], {
  cwd: root,
  env: serverEnv,
  stdio: ['ignore', out, out],
  detached: true,
});
let serverExited = null;
server.on('exit', (code, signal) => {
  serverExited = { code, signal };
});

let stopped = false;
async function stopServer() {
  if (stopped) return;
  stopped = true;
  if (serverExited === null && server.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && serverExited === null; i++) await sleep(100);
    if (serverExited === null) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  closeSync(out);
}

function serverLogTail(lines = 60) {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server output)';
  }
}

async function finish(code) {
  await stopServer();
  if (code !== 0) {
    console.log(`\n[e2e] last lines of the server log:\n${serverLogTail()}`);
  }
  rmSync(tempDir, { recursive: true, force: true });
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void finish(130));
}

log(`starting next start on ${baseURL} (embedded database in ${serverEnv.PGLITE_DATA_DIR})…`);
const deadline = Date.now() + STARTUP_TIMEOUT_MS;
let up = false;
while (Date.now() < deadline) {
  if (serverExited !== null) {
    log(`the server exited during start-up (${serverExited.code ?? serverExited.signal})`);
    await finish(1);
  }
  try {
    // any HTTP answer means the server is up (this one is 401 without admin credentials); the first
    // request also migrates and seeds the embedded database, which takes a while
    const response = await fetch(`${baseURL}/api/billing/setup`, { signal: AbortSignal.timeout(STARTUP_TIMEOUT_MS) });
    await response.arrayBuffer();
    log(`server is up (GET /api/billing/setup answered ${response.status})`);
    up = true;
    break;
  } catch {
    await sleep(500);
  }
}
if (!up) {
  log(`the server did not answer within ${STARTUP_TIMEOUT_MS / 1000} s`);
  await finish(1);
}

const tests = spawn('npx', ['playwright', 'test', ...playwrightArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, E2E_BASE_URL: baseURL },
});
const testCode = await new Promise((resolve) => {
  tests.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});
await finish(testCode);
