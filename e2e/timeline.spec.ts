import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TimePanels } from './pages/TimePanels';

test('timeline: every hop and state change of a curl; filtering by node and by text shrinks the list', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open({ preset: 'lvs-dr' });
  await tp.holdClock();
  await tp.typeNow('client', 'curl 192.168.150.100');
  await lab.advance(3);
  await tp.open('timeline');
  await expect.poll(() => tp.total()).toBeGreaterThan(40);
  const total = await tp.total();
  expect(await tp.shown()).toBe(total);
  // Packets, and state changes (ARP entries, TCP states, the shell command) are all there.
  await expect(tp.rows.first()).toBeVisible();
  await tp.filterKind('state');
  await expect.poll(() => tp.shown()).toBeLessThan(total);
  const states = await tp.shown();
  expect(states).toBeGreaterThan(3);
  await tp.filterKind('');

  // By node: only what touched the director.
  await tp.filterNode('node01');
  await expect.poll(() => tp.shown()).toBeLessThan(total);
  const director = await tp.shown();
  expect(director).toBeGreaterThan(5);
  for (const text of await tp.rows.locator('.tl-nodes').allTextContents()) expect(text).toMatch(/node01/);
  await page.screenshot({ path: 'test-results/screens/timeline-node01.png' });

  // And by text: the ARP requests for the VIP.
  await tp.search('who-has 192.168.150.100');
  await expect.poll(() => tp.shown()).toBeLessThan(director);
  expect(await tp.shown()).toBeGreaterThan(0);
  for (const text of await tp.rows.locator('.tl-text').allTextContents()) expect(text).toContain('who-has 192.168.150.100');
  await page.screenshot({ path: 'test-results/screens/timeline-search.png' });

  // Cleared: everything again.
  await tp.filterNode('');
  await tp.search('');
  await expect.poll(() => tp.shown()).toBe(total);
  expect(lab.errors).toEqual([]);
});

test('timeline: clicking an entry goes to that moment and selects its packet', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open({ preset: 'lvs-dr' });
  await tp.holdClock();
  await lab.advance(1);
  await tp.typeNow('client', 'curl 192.168.150.100');
  await lab.advance(3);
  const end = Number(await lab.clock.getAttribute('data-us'));
  await tp.open('timeline');
  await tp.search('Flags [S.]');
  const row = tp.rows.first();
  await expect(row).toBeVisible();
  await row.click();
  // The clock went back to the SYN-ACK; the inspector shows that packet; later entries are the future.
  await expect(tp.rewound).toBeVisible();
  await expect.poll(async () => Number(await lab.clock.getAttribute('data-us'))).toBeLessThan(end);
  await expect(page.getByTestId('inspector-packet')).toBeVisible();
  await tp.search('');
  await expect(tp.timeline.locator('[data-future="1"]').first()).toBeAttached();
  await page.screenshot({ path: 'test-results/screens/timeline-rewound.png' });
  expect(lab.errors).toEqual([]);
});

test('timeline: 100k entries scroll and filter without a stall (only the rows in view exist)', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open({ preset: 'lvs-dr' });
  await tp.holdClock();
  await tp.open('timeline');
  await page.evaluate(() => (globalThis as unknown as { __lvslab: { fillTimeline(n: number): void } }).__lvslab.fillTimeline(100_000));
  await expect.poll(() => tp.total()).toBeGreaterThanOrEqual(100_000);
  // A virtual list: a few dozen rows in the page, not 100k.
  expect(await tp.rows.count()).toBeLessThan(60);
  const t0 = Date.now();
  await tp.filterNode('node02');
  // 100k spread over 5 nodes, plus the lab's own boot-time entries about node02.
  await expect.poll(() => tp.shown()).toBeGreaterThanOrEqual(20_000);
  expect(await tp.shown()).toBeLessThan(20_100);
  await tp.search('synthetic');
  await expect.poll(() => tp.shown()).toBe(20_000);
  await tp.search('established');
  await expect.poll(() => tp.shown()).toBeLessThan(20_000);
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(3000);
  // Scroll to the middle: rows are drawn there.
  await page.getByTestId('tl-list').evaluate((el) => {
    const box = el as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight / 2;
  });
  await expect(tp.rows.first()).toContainText('synthetic');
  expect(await tp.rows.count()).toBeLessThan(60);
  await page.screenshot({ path: 'test-results/screens/timeline-100k.png' });
  expect(lab.errors).toEqual([]);
});
