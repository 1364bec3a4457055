import { expect, test, type Page } from '@playwright/test';
import { InspectorPanel } from './pages/InspectorPanel';
import { LabPage } from './pages/LabPage';

/** Type a line through the test hook (independent of how the terminal looks). */
const typeLine = (page: Page, node: string, line: string) => page.evaluate(([n, l]) => (globalThis as unknown as { __lvslab: { type(n: string, l: string): void } }).__lvslab.type(n, l), [node, line]);

/** The frames tab of the dock, if the dock has tabs. */
async function showFrames(page: Page): Promise<void> {
  const tab = page.getByTestId('tab-frames');
  if (await tab.count()) await tab.click();
}

test('step a ping across the routers: at a router hop the MACs, TTL and checksum change, the IP addresses do not', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'next-hop' });
  // Pause by hand, so typing does not start the clock: then step one hop at a time.
  await lab.play.click();
  await lab.play.click();
  await expect(lab.play).toHaveAttribute('data-state', 'paused');
  await typeLine(page, 'client', 'ping -c 1 61.135.169.125');
  await showFrames(page);
  const leaving = lab.packetRows('icmp').filter({ hasText: 'isp1 → isp2' });
  for (let i = 0; i < 60 && (await leaving.count()) === 0; i++) {
    await lab.step.click();
    await expect(lab.play).toHaveAttribute('data-state', 'paused', { timeout: 10_000 });
  }
  await leaving.first().click();
  await insp.ready();
  // The frame that left isp1: what isp1 did to it.
  await expect(insp.diff).toHaveAttribute('data-node', 'isp1');
  const rows = await insp.diffRows();
  expect(rows['eth.src'].status).toBe('changed');
  expect(rows['eth.dst'].status).toBe('changed');
  expect(rows['ip.ttl']).toMatchObject({ status: 'changed', old: '63', new: '62' });
  expect(rows['ip.checksum'].status).toBe('changed');
  expect(rows['ip.src']).toMatchObject({ status: 'same', old: '123.112.0.2', new: '123.112.0.2' });
  expect(rows['ip.dst']).toMatchObject({ status: 'same', old: '61.135.169.125', new: '61.135.169.125' });
  await expect(insp.diffSummary).toContainText('Router hop: source and destination MAC changed, TTL 63 → 62');
  await expect(insp.diffSummary).toContainText('IP addresses unchanged');
  // The path so far, node by node; isp1 is the step shown.
  await expect(insp.pathStep('isp1')).toHaveAttribute('aria-current', 'step');
  await expect(insp.pathStep('client')).toHaveAttribute('data-kind', 'made');
  await expect(insp.pathStep('sw')).toHaveAttribute('data-kind', 'same');
  await lab.screenshot('inspector-router-hop');
  // The home router, one step back: its MASQUERADE rewrote the source address.
  await insp.pathStep('router').click();
  await expect(insp.diff).toHaveAttribute('data-node', 'router');
  await insp.ready();
  const home = await insp.diffRows();
  expect(home['ip.src']).toMatchObject({ status: 'changed', old: '192.168.150.1', new: '123.112.0.2' });
  expect(home['ip.dst'].status).toBe('same');
  await expect(insp.diffSummary).toContainText('S-NAT: source 192.168.150.1');
  await lab.screenshot('inspector-snat-hop');
  expect(lab.errors).toEqual([]);
});

test('the DR director rewrites only the destination MAC (and TTL, checksum); the layers and bytes go together', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'lvs-dr' });
  await typeLine(page, 'client', 'curl 192.168.150.100');
  await lab.advance(3);
  await showFrames(page);
  const forwarded = lab.packetRows('tcp').filter({ hasText: 'node01 → sw' }).first();
  await expect(forwarded).toContainText('SYN');
  await forwarded.click();
  await insp.ready();
  await expect(insp.diff).toHaveAttribute('data-node', 'node01');
  const rows = await insp.diffRows();
  expect(rows['eth.dst'].status).toBe('changed');
  expect(rows['ip.ttl'].status).toBe('changed');
  for (const p of ['ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport']) expect(rows[p].status, p).toBe('same');
  expect(rows['ip.dst'].new).toBe('192.168.150.100');
  const changed = Object.values(rows).filter((r) => r.status === 'changed').map((r) => r.path);
  expect(changed.every((p) => /^(eth\.(dst|src)|ip\.(ttl|checksum))$/.test(p))).toBe(true);
  await expect(insp.diffSummary).toContainText(/^DR director: destination MAC .*; IP addresses and ports unchanged$/);
  // The director's own step in the path, and the real server it went to.
  await expect(insp.pathStep('node01')).toHaveAttribute('data-kind', 'changed');
  await expect(insp.pathStep('node01')).toHaveAttribute('aria-current', 'step');
  await lab.screenshot('inspector-dr-director');

  // Layers: a field picked in the tree lights its bytes; a byte picked in the dump selects its field.
  await expect(insp.layers).toContainText('Transmission Control Protocol');
  await insp.field('ip.ttl').click();
  await expect(insp.field('ip.ttl')).toHaveAttribute('aria-pressed', 'true');
  await expect(insp.hexdump.locator('.hb.sel')).toHaveCount(1);
  await expect(insp.hexdump.locator('.hb.sel')).toHaveAttribute('data-i', '22');
  await insp.hexdump.locator('.hb[data-i="31"]').click();
  await expect(insp.field('ip.dst')).toHaveAttribute('aria-pressed', 'true');
  await expect(insp.hexdump.locator('.hb.sel')).toHaveCount(4);
  // The bytes this hop changed are marked: both MACs (12), TTL (1), checksum (2).
  await expect(insp.hexdump.locator('.hb.chg')).toHaveCount(15);
  await lab.screenshot('inspector-dr-bytes');
  expect(lab.errors).toEqual([]);
});

test('click a moving envelope: its packet opens in the inspector', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'two-hosts' });
  await page.getByTestId('speed-select').selectOption('0.1');
  await typeLine(page, 'node01', 'ping -c 1 192.168.150.12');
  await expect.poll(async () => (await lab.envelopes('arp')).length, { intervals: [50] }).toBe(1);
  const [env] = await lab.envelopes('arp');
  await page.mouse.click(env.x, env.y);
  await expect(insp.packet).toHaveAttribute('data-pid', String(env.pid));
  await insp.ready();
  await expect(page.getByTestId('packet-summary')).toContainText('who-has 192.168.150.12');
  await expect(insp.diff).toHaveAttribute('data-origin', '1');
  expect(lab.errors).toEqual([]);
});

test('a node’s ARP cache fills live: the new row flashes; hovering it lights up the neighbour', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'two-hosts' });
  await lab.select('node01');
  await expect(lab.arpTable).toHaveAttribute('data-count', '0');
  await typeLine(page, 'node01', 'ping -c 1 192.168.150.12');
  await expect(lab.arpTable).toHaveAttribute('data-count', '1', { timeout: 10_000 });
  await expect(insp.rows('arp-table').first()).toHaveAttribute('data-flash', '1');
  await expect(insp.rows('arp-table').first()).toContainText('192.168.150.12');
  await lab.screenshot('inspector-arp-flash');
  await insp.rows('arp-table').first().hover();
  await expect(page.getByTestId('canvas-related')).toHaveAttribute('data-nodes', 'node02');
  // ... and the cable it is reached by (node01 eth0).
  await expect(page.getByTestId('canvas-related')).toHaveAttribute('data-links', (await lab.state()).links[0].id);
  // The flash fades; the row stays.
  await expect(insp.rows('arp-table').first()).not.toHaveAttribute('data-flash', '1', { timeout: 5000 });
  await expect(lab.arpTable).toHaveAttribute('data-count', '1');
  expect(lab.errors).toEqual([]);
});

test('the IPVS connection table of the director gains a row after curl; hovering it lights client and real server', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'lvs-dr' });
  await lab.select('node01');
  await expect(insp.table('ipvs-table')).toContainText('192.168.150.100:80');
  await expect(insp.rows('ipvs-table')).toHaveCount(3);
  await expect(insp.table('ipvs-conns')).toHaveAttribute('data-count', '0');
  await typeLine(page, 'client', 'curl 192.168.150.100');
  await expect(insp.table('ipvs-conns')).toHaveAttribute('data-count', '1', { timeout: 10_000 });
  const conn = insp.rows('ipvs-conns').first();
  await expect(conn).toContainText('192.168.150.100:80');
  await expect(conn).toContainText(/192\.168\.150\.1[23]:80/);
  await expect(conn).toHaveAttribute('data-flash', '1');
  await lab.screenshot('inspector-ipvs-conns');
  await conn.hover();
  await expect(page.getByTestId('canvas-related')).toHaveAttribute('data-nodes', /^client node0[23]$/);
  await lab.screenshot('inspector-ipvs-hover');
  // A real server lists its web server's listening socket, netstat style.
  await lab.select('node02');
  await expect(insp.table('sockets-table')).toContainText('0.0.0.0:80');
  await expect(insp.table('sockets-table')).toContainText('LISTEN');
  await expect(insp.table('sockets-table')).toContainText(/\d+\/httpd/);
  expect(lab.errors).toEqual([]);
});
