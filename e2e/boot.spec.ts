import { expect, test } from '@playwright/test';

test('the app boots and the engine worker loads the default lab', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'lvslab' })).toBeVisible();
  await expect(page.getByTestId('node-list')).not.toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('node-list')).toContainText('node01');
  expect(errors).toEqual([]);
});
