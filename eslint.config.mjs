import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.data/**', 'node_modules/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'supabase/migrations/meta/**', 'scratch/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Imports run one way: routes and pages → lib/http → domain (lib/*) → lib/db, lib/billing. Domain
    // code takes what it needs as arguments, never the request context or the UI.
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['lib/http/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/lib/http/*', '**/lib/http/*'], message: 'Domain code must not depend on the route layer: take what you need as arguments (errors live in lib/errors).' },
            { group: ['@/app/*', '@/components/*'], message: 'Domain code must not depend on pages or UI components (shared formatting lives in lib/format).' },
          ],
        },
      ],
    },
  },
  {
    // One writer of audit rows, so every row has the same shape (tests may write fixtures).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['lib/audit/write-audit-entries.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='insert'] > Identifier[name='auditLog']", message: 'Write audit rows with lib/audit/write-audit-entries.ts.' },
      ],
    },
  },
];

export default config;
