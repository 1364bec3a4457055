import { test } from '@playwright/test';
test('smoke', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push('PAGEERROR ' + e.message + e.stack));
  page.on('console', (m) => errors.push(m.type() + ' ' + m.text()));
  await page.goto('./?testhooks=1');
  await page.waitForTimeout(2000);
  console.log(errors.join('\n'));
});
