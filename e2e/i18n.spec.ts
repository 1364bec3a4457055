import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TimePanels } from './pages/TimePanels';

test('switch to 中文 and back: the strings change, the topology and the clock stay', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open({ preset: 'lvs-dr' });
  await tp.holdClock();
  await tp.typeNow('client', 'curl 192.168.150.100');
  await lab.advance(2);
  const before = await lab.state();
  const us = await lab.clock.getAttribute('data-us');
  await expect(tp.tab('timeline')).toHaveText('Timeline');
  await expect(lab.play).toHaveAttribute('aria-label', 'Play');

  await tp.language('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(tp.tab('timeline')).toHaveText('时间线');
  await expect(tp.tab('ladder')).toHaveText('时序图');
  await expect(lab.play).toHaveAttribute('aria-label', '播放');
  await expect(page.getByTestId('preset-picker').locator('option:checked')).toHaveText('LVS 直接路由（DR）模式');
  await expect(page.getByTestId('inspector-lab').locator('h2')).toHaveText('LVS 直接路由（DR）模式');
  // Nothing else moved: same nodes, same cables, same clock, same packets; no worker restart.
  expect(await lab.state()).toEqual(before);
  await expect(lab.clock).toHaveAttribute('data-us', us!);
  await lab.select('node01');
  await expect(page.getByTestId('inspector')).toContainText('ARP 缓存');
  await page.screenshot({ path: 'test-results/screens/i18n-zh.png' });

  // Remembered across a reload.
  await page.reload();
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  await expect(tp.tab('timeline')).toHaveText('时间线');

  await tp.language('en');
  await expect(tp.tab('timeline')).toHaveText('Timeline');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(lab.errors).toEqual([]);
});

test('a zh browser starts in Chinese; ?lang=en overrides it', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  const lab = new LabPage(page);
  await lab.open();
  await expect(page.getByTestId('tab-timeline')).toHaveText('时间线');
  await page.goto('./?testhooks=1&lang=en');
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('tab-timeline')).toHaveText('Timeline');
  await ctx.close();
});
