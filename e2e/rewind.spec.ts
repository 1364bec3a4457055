import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TimePanels } from './pages/TimePanels';

test('rewind before a ping: the ARP table is empty again and the terminal is as it was; forward again brings both back', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open();
  await tp.holdClock();
  await lab.advance(1);
  await lab.select('node01');
  await expect(lab.arpTable).toHaveAttribute('data-count', '0');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await lab.advance(3);
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  await expect(lab.arpTable).toHaveAttribute('data-count', '1');
  const end = Number(await lab.clock.getAttribute('data-us'));
  const hops = (await lab.state()).hops;
  expect(end).toBeGreaterThanOrEqual(4_000_000);

  // Back to the start: before the ping was typed.
  await tp.scrubKey('Home');
  await expect(tp.rewound).toBeVisible();
  await expect(lab.clock).toHaveAttribute('data-us', '0');
  await expect(lab.arpTable).toHaveAttribute('data-count', '0');
  await expect(lab.play).toHaveAttribute('data-state', 'paused');
  expect(await lab.terminal.text('node01')).not.toContain('ping');
  await expect.poll(async () => (await lab.state()).hops).toBe(0);
  await page.screenshot({ path: 'test-results/screens/rewind-before-ping.png' });

  // Forward again: the ping happened, the ARP entry is back.
  await tp.scrubKey('End');
  await expect(tp.rewound).toBeHidden();
  await expect.poll(async () => Number(await lab.clock.getAttribute('data-us'))).toBeGreaterThanOrEqual(end);
  await expect(lab.arpTable).toHaveAttribute('data-count', '1');
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  await expect.poll(async () => (await lab.state()).hops).toBe(hops);
  await page.screenshot({ path: 'test-results/screens/rewind-forward-again.png' });
  expect(lab.errors).toEqual([]);
});

test('after a rewind, play replays what was typed next; typing something new starts another history', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open();
  await tp.holdClock();
  await lab.advance(1);
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await lab.advance(2);
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  await tp.open('timeline');
  const total = await tp.total();
  const end = Number(await lab.clock.getAttribute('data-us'));
  await tp.scrubKey('Home');
  // The recorded future is still listed, dimmed.
  await expect(tp.timeline.locator('[data-future="1"]').first()).toBeAttached();
  expect(await tp.total()).toBe(total);
  // Replay it: the ping is typed again by the recording when the clock gets there.
  await lab.advance(end / 1e6 + 0.5);
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  await expect(tp.timeline.locator('[data-future="1"]')).toHaveCount(0);
  expect(await tp.total()).toBeGreaterThanOrEqual(total);
  // Rewind again, and type something else: the old future is gone.
  await tp.scrubKey('Home');
  await lab.type('node01', 'ping -c 1 192.168.150.99');
  await expect(tp.timeline.locator('[data-future="1"]')).toHaveCount(0);
  await lab.advance(5);
  await lab.expectTerminal('node01', /Destination Host Unreachable|100% packet loss/);
  expect(lab.errors).toEqual([]);
});
