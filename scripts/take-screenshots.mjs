#!/usr/bin/env node
// The README's pictures of the product: the customer's overview and the admin's overview, taken with
// the system Chromium from a running app with the demo data (`npm run dev`, or `next start`).
//
//   node scripts/take-screenshots.mjs http://localhost:3000
//
// Writes docs/screenshot-billing.png and docs/screenshot-admin.png (1280 px wide, light scheme), and
// the phone-sized dark pair docs/screenshot-billing-mobile-dark.png and
// docs/screenshot-admin-mobile-dark.png (375 px).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseURL = (process.argv[2] ?? 'http://localhost:3000').replace(/\/$/, '');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [
  { role: 'customer', home: '/billing', file: 'screenshot-billing.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', fullPage: false },
  { role: 'admin', home: '/admin', file: 'screenshot-admin.png', viewport: { width: 1280, height: 900 }, colorScheme: 'light', fullPage: false },
  { role: 'customer', home: '/billing', file: 'screenshot-billing-mobile-dark.png', viewport: { width: 375, height: 812 }, colorScheme: 'dark', fullPage: false },
  { role: 'admin', home: '/admin', file: 'screenshot-admin-mobile-dark.png', viewport: { width: 375, height: 812 }, colorScheme: 'dark', fullPage: false },
];
try {
  for (const shot of shots) {
    const context = await browser.newContext({ viewport: shot.viewport, colorScheme: shot.colorScheme, deviceScaleFactor: shot.viewport.width < 600 ? 2 : 1 });
    const page = await context.newPage();
    await page.goto(`${baseURL}/login`);
    await page.getByTestId(`demo-sign-in-${shot.role}`).click();
    await page.waitForURL(new RegExp(`${shot.home}$`));
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const file = path.join(root, 'docs', shot.file);
    await page.screenshot({ path: file, fullPage: shot.fullPage });
    console.log(`wrote ${path.relative(root, file)}`);
    await context.close();
  }
} finally {
  await browser.close();
}
