import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('the app boots on the default lab with the engine in a worker', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await expect(page.getByLabel('lvslab')).toBeVisible();
  // The default lab's hosts are on the canvas with their interfaces and addresses.
  await expect(lab.node('node01')).toBeVisible();
  await expect(lab.node('node01')).toContainText('192.168.150.11/24');
  await expect(lab.node('node02')).toBeVisible();
  expect((await lab.state()).nodes.length).toBeGreaterThanOrEqual(2);
  await expect(lab.cables.first()).toHaveAttribute('data-state', 'up');
  // Paused at t = 0, with a first step to try.
  await expect(lab.play).toHaveAttribute('data-state', 'paused');
  await expect(lab.clock).toHaveText('0.000 s');
  await expect(page.getByTestId('hint')).toContainText(/ping -c 1 192\.168\.150\.12|curl 192\.168\.150\.100/);
  await lab.screenshot('boot');
  expect(lab.errors).toEqual([]);
});

test('another preset opens from the URL and from the picker', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await expect(lab.node('sw')).toBeVisible();
  await expect(lab.node('node01')).toHaveAttribute('data-roles', /DIRECTOR/);
  await expect(lab.node('node02')).toHaveAttribute('data-roles', /RS/);
  await expect(page.getByTestId('hint')).toContainText('curl 192.168.150.100');
  await lab.screenshot('lvs-dr');
  await page.getByTestId('preset-picker').selectOption('two-hosts');
  await expect(lab.node('sw')).toHaveCount(0);
  await expect(lab.node('node02')).toBeVisible();
  expect(lab.errors).toEqual([]);
});
