import { expect, test } from '@playwright/test';

test('an unknown URL shows the 404 page', async ({ page }) => {
  const response = await page.goto('/this-page-does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/');
});

test('GET /api/billing/setup without credentials is a 401 JSON error', async ({ request }) => {
  const response = await request.get('/api/billing/setup');
  expect(response.status()).toBe(401);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = (await response.json()) as { error?: { code?: unknown } };
  expect(typeof body.error?.code).toBe('string');
});
