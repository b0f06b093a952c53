// Runs once when the server starts: a malformed environment stops it here with the variable named,
// and the embedded database is created (migrated, seeded) before the first visitor arrives.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env, authMode, EnvError } = await import('@/lib/env');
  try {
    env();
    authMode();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\nFix the variables above (see .env.example) and start again.\n`);
      process.exit(1);
    }
    throw error;
  }
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getDatabase } = await import('@/lib/app/get-database');
  const database = await getDatabase();
  if (database.engine === 'pglite' && authMode() === 'local') {
    const { DEMO_USERS } = await import('@/lib/demo/demo-users');
    console.log(
      `\n  Demo sign-ins (local auth):\n    admin     ${DEMO_USERS.admin.email} / ${DEMO_USERS.admin.password}\n    customer  ${DEMO_USERS.customer.email} / ${DEMO_USERS.customer.password}\n    viewer    ${DEMO_USERS.viewer.email} / ${DEMO_USERS.viewer.password}\n`,
    );
  }
}
