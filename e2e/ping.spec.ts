import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('ping from node01: an ARP envelope, then ICMP; the ARP table fills', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await lab.select('node01');
  await expect(lab.arpTable).toHaveAttribute('data-count', '0');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  // The who-has travels first (paced so a 100 µs hop is visible), then the echo request and reply.
  await expect.poll(async () => (await lab.envelopes()).map((e) => e.kind), { intervals: [50] }).toEqual(['arp']);
  await expect(lab.packetLayer).toHaveAttribute('data-count', '1');
  await lab.screenshot('ping-arp-in-flight');
  await expect.poll(async () => (await lab.envelopes()).map((e) => e.kind), { timeout: 10_000, intervals: [50] }).toEqual(['icmp']);
  await lab.screenshot('ping-icmp-in-flight');
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received, 0% packet loss', { timeout: 15_000 });
  await lab.expectTerminal('node01', '64 bytes from 192.168.150.12: icmp_seq=1 ttl=64');
  // The log lists the frames in order: who-has, is-at, echo request, echo reply.
  const kinds = await lab.packetRows().evaluateAll((rows) => rows.slice(0, 4).map((r) => (r as unknown as { getAttribute(n: string): string | null }).getAttribute('data-kind')));
  expect(kinds).toEqual(['arp', 'arp', 'icmp', 'icmp']);
  await expect(lab.packetRows().first()).toContainText('Request who-has 192.168.150.12 tell 192.168.150.11');
  // node01 learned node02's MAC.
  await expect(lab.arpTable).toHaveAttribute('data-count', '1');
  await expect(lab.arpTable).toContainText('192.168.150.12');
  await expect(lab.arpTable).toContainText('REACHABLE');
  await lab.screenshot('ping-done');
  // Clicking a log row selects that packet.
  await lab.packetRows('icmp').first().click();
  await expect(page.getByTestId('inspector-packet')).toContainText('ICMP echo request');
  await lab.screenshot('packet-selected');
  expect(lab.errors).toEqual([]);
});

test('a broadcast fans out of the switch: several ARP envelopes leave at once', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await page.getByTestId('speed-select').selectOption('0.25');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  // node01 → sw, then sw floods to the client, node02 and node03 together.
  await expect.poll(async () => (await lab.envelopes('arp')).length, { timeout: 10_000, intervals: [50] }).toBe(3);
  await lab.screenshot('broadcast-fan-out');
  await lab.advance(2);
  await lab.expectTerminal('node01', '1 received');
  expect(lab.errors).toEqual([]);
});

test('step one hop at a time', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  // Pausing by hand turns off "typing starts the clock".
  await lab.play.click();
  await lab.play.click();
  await expect(lab.play).toHaveAttribute('data-state', 'paused');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await expect.poll(async () => (await lab.state()).hops).toBe(1);
  await expect(lab.play).toHaveAttribute('data-state', 'paused');
  const t0 = Number(await lab.clock.getAttribute('data-us'));
  // Each step: the frame on the cable arrives, and the next one leaves.
  for (const [hops, kind] of [
    [2, 'arp'],
    [3, 'icmp'],
    [4, 'icmp'],
  ] as const) {
    await lab.step.click();
    await expect(lab.play).toHaveAttribute('data-state', 'paused', { timeout: 5000 });
    await expect.poll(async () => (await lab.state()).hops).toBe(hops);
    await expect(lab.packetRows().last()).toHaveAttribute('data-kind', kind);
  }
  await expect.poll(async () => Number(await lab.clock.getAttribute('data-us'))).toBe(t0 + 300);
  await lab.step.click();
  await lab.expectTerminal('node01', '1 received', { timeout: 5000 });
  expect(lab.errors).toEqual([]);
});

test('the test hook advances virtual time instead of sleeping', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await lab.play.click();
  await lab.play.click();
  await lab.type('node01', 'ping -c 3 192.168.150.12');
  await lab.advance(5);
  await lab.expectTerminal('node01', '3 packets transmitted, 3 received');
  expect((await lab.state()).now).toBeGreaterThanOrEqual(5_000_000);
  expect(lab.errors).toEqual([]);
});

test('reduced motion: envelopes do not move, the log highlights frames in flight', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  // Slow motion: each hop takes 2 s on screen, long enough to sample one envelope twice.
  await page.getByTestId('speed-select').selectOption('0.25');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await expect.poll(async () => (await lab.envelopes('arp')).length).toBe(1);
  const [a] = await lab.envelopes('arp');
  await page.waitForTimeout(300);
  const [b] = await lab.envelopes('arp');
  // Still the same frame, still in the same place: at node02's end of the cable.
  expect(b.seq).toBe(a.seq);
  expect([b.x, b.y]).toEqual([a.x, a.y]);
  const node02 = await lab.node('node02').boundingBox();
  expect(Math.abs(a.x - node02!.x)).toBeLessThan(20);
  await expect(page.locator('[data-testid="packet-row"][data-active="1"]').first()).toBeVisible();
  await lab.screenshot('reduced-motion');
  expect(lab.errors).toEqual([]);
});

test('clicking an envelope selects its packet', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await page.getByTestId('speed-select').selectOption('0.1');
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await expect.poll(async () => (await lab.envelopes('arp')).length).toBe(1);
  const [e] = await lab.envelopes('arp');
  await page.mouse.click(e.x, e.y);
  await expect(page.getByTestId('inspector-packet')).toHaveAttribute('data-pid', String(e.pid));
  await expect(page.getByTestId('inspector-packet')).toContainText('Request who-has 192.168.150.12');
  expect(lab.errors).toEqual([]);
});
