// Renders an email template from the realistic sample props (lib/notifications/email-templates/
// email-samples.fixture.ts) to HTML and screenshots it with headless Chromium, for the README:
//
//   npx tsx scripts/render-email-preview.ts                      # docs/images/email-invoice-issued.png
//   npx tsx scripts/render-email-preview.ts payment_failed       # docs/images/email-payment-failed.png
//   npx tsx scripts/render-email-preview.ts invoice_issued --html-only   # prints the HTML path
//
// CHROMIUM names another browser binary (default /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sampleEmailProps } from '@/lib/notifications/email-templates/email-samples.fixture';
import { renderEmail, type EmailTemplateProps } from '@/lib/notifications/email-templates/render-email';
import { EMAIL_TYPES, type EmailType } from '@/lib/notifications/notification-types';

async function main() {
  const args = process.argv.slice(2);
  const type = (args.find((a) => !a.startsWith('--')) ?? 'invoice_issued') as EmailType;
  if (!EMAIL_TYPES.includes(type)) throw new Error(`Unknown email type ${type}; one of ${EMAIL_TYPES.join(', ')}`);
  const props = sampleEmailProps()[type] as EmailTemplateProps[typeof type];
  const email = await renderEmail(type, props);

  const dir = mkdtempSync(path.join(tmpdir(), 'meterbill-email-'));
  const htmlPath = path.join(dir, `${type}.html`);
  writeFileSync(htmlPath, email.html);
  writeFileSync(path.join(dir, `${type}.txt`), `Subject: ${email.subject}\n\n${email.text}\n`);
  console.log(`Subject: ${email.subject}`);
  console.log(`HTML: ${htmlPath}`);
  if (args.includes('--html-only')) return;

  const out = path.resolve('docs/images', `email-${type.replace(/_/g, '-')}.png`);
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(
    process.env.CHROMIUM ?? '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${out}`, '--window-size=700,800', `file://${htmlPath}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const size = statSync(out).size;
  if (size === 0) throw new Error(`Chromium wrote an empty ${out}`);
  console.log(`PNG: ${out} (${size} bytes)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
