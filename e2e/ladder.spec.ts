import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TimePanels } from './pages/TimePanels';

/** Index of the first label matching `re` after position `from`. */
const after = (labels: string[], re: RegExp, from: number) => labels.findIndex((l, i) => i > from && re.test(l));

test('ladder: a curl to the VIP in DR mode — handshake, request, response and close, in order', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open({ preset: 'lvs-dr' });
  await tp.holdClock();
  await tp.typeNow('client', 'curl 192.168.150.100');
  await lab.advance(3);
  // Select the client's SYN in the frames log (selecting does not move the clock).
  await tp.open('frames');
  await page.locator('[data-testid="packet-row"][data-kind="tcp"]').first().click();
  await tp.open('ladder');
  await expect(tp.ladder).toHaveAttribute('data-flow', '1');
  await expect(page.getByTestId('ladder-title')).toContainText(/^tcp 192\.168\.150\.1:\d+ > 192\.168\.150\.100:80$/);
  await expect(tp.arrows).toHaveCount(16);
  const labels = await tp.arrowLabels();
  const syn = labels.findIndex((l) => /^SYN seq=0$/.test(l));
  const synAck = after(labels, /^SYN-ACK seq=0 ack=1$/, syn);
  const ack = after(labels, /^ACK ack=1$/, synAck);
  const get = after(labels, /^PSH-ACK seq=1:\d+ ack=1 len=\d+ "GET \/ HTTP\/1\.1"$/, ack);
  const ok = after(labels, /^PSH-ACK seq=1:\d+ ack=\d+ len=\d+ "HTTP\/1\.1 200 OK"$/, get);
  const fin1 = after(labels, /^FIN-ACK /, ok);
  const fin2 = after(labels, /^FIN-ACK /, fin1);
  const last = after(labels, /^ACK /, fin2);
  expect([syn, synAck, ack, get, ok, fin1, fin2, last].every((i) => i >= 0)).toBe(true);
  expect(syn).toBe(0);
  // Client, director, and the real server that answered (straight to the client: DR).
  const cols = await tp.columns();
  expect(cols.slice(0, 2)).toEqual(['client', 'node01']);
  expect(['node02', 'node03']).toContain(cols[2]);
  await expect(tp.arrows.nth(synAck)).toHaveAttribute('data-from', cols[2]);
  await expect(tp.arrows.nth(synAck)).toHaveAttribute('data-to', 'client');
  await page.getByTestId('dock-expand').click();
  await page.screenshot({ path: 'test-results/screens/ladder-curl-dr.png' });
  // Clicking an arrow selects that packet.
  await tp.arrows.nth(ok).click();
  await expect(page.getByTestId('inspector-packet')).toContainText('HTTP/1.1 200 OK');
  await expect(tp.arrows.nth(ok)).toHaveClass(/selected/);
  await page.screenshot({ path: 'test-results/screens/ladder-response-selected.png' });
  expect(lab.errors).toEqual([]);
});

test('ladder: a host pair, with the ARP that came first', async ({ page }) => {
  const lab = new LabPage(page);
  const tp = new TimePanels(page);
  await lab.open();
  await tp.holdClock();
  await tp.typeNow('node01', 'ping -c 1 192.168.150.12');
  await lab.advance(2);
  await tp.open('ladder');
  await page.getByTestId('ladder-a').selectOption('node01');
  await page.getByTestId('ladder-b').selectOption('node02');
  await expect(tp.arrows).toHaveCount(4);
  expect(await tp.arrowLabels()).toEqual([
    'who-has 192.168.150.12 tell 192.168.150.11',
    expect.stringMatching(/^192\.168\.150\.12 is-at ([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
    expect.stringMatching(/^echo request id=\d+ seq=1$/),
    expect.stringMatching(/^echo reply id=\d+ seq=1$/),
  ]);
  expect(await tp.columns()).toEqual(['node01', 'node02']);
  expect(lab.errors).toEqual([]);
});
