import { expect, test, type Download, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsharkAvailable, tsharkCheck } from '../src/test-support/tshark';
import { LabPage } from './pages/LabPage';
import { seriousViolations } from './support/axe';

/** The DOM a drop needs, typed here (the e2e project has no DOM lib). */
type DropWindow = {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: string[], name: string, opts: { type: string }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  document: { body: { dispatchEvent(e: unknown): boolean } };
};

const dir = mkdtempSync(join(tmpdir(), 'lvslab-e2e-export-'));

async function save(d: Download): Promise<string> {
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

async function openExportMenu(page: Page) {
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-menu')).toBeVisible();
}

/** Click something in the Export menu that downloads a file; the saved path. */
async function downloadFrom(page: Page, testId: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return save(d);
}

test('download the lab as JSON, open it again: the same lab; a bad file changes nothing', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await page.getByTestId('palette-host').click();
  await expect.poll(async () => (await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  await openExportMenu(page);
  await page.waitForTimeout(200);
  await lab.screenshot('export-menu');
  expect(await seriousViolations(page, '[data-testid="export-menu"]')).toEqual([]);
  const path = await downloadFrom(page, 'export-json');
  expect(path.endsWith('two-hosts.json')).toBe(true);
  const text = readFileSync(path, 'utf8');
  // Pretty-printed, and the document the worker runs.
  expect(text).toMatch(/^\{\n {2}"lvslab": 1,\n/);
  const saved = JSON.parse(text) as { nodes: Array<{ id: string; interfaces: Array<{ addresses?: string[] }> }> };
  expect(saved.nodes.map((n) => n.id)).toEqual(['node01', 'node02', 'node03']);
  const addr = saved.nodes[2].interfaces[0].addresses![0];

  // Another lab, then the file again through the picker.
  await page.getByTestId('preset-picker').selectOption('lvs-dr');
  await expect(lab.node('sw')).toBeVisible();
  await openExportMenu(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-json').click()]);
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await chooser.setFiles(path);
  await expect.poll(async () => (await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  await expect(lab.node('node03')).toContainText(addr);
  await expect(lab.node('sw')).toHaveCount(0);

  // Invalid files: each error with its JSON path; the lab stays as it is.
  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ lvslab: 1, nodes: [{ id: 'Bad Id', kind: 'host' }, { id: 'node02', kind: 'toaster' }], links: [] })),
  });
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('broken.json is not a lab lvslab can open');
  await expect(page.getByTestId('import-error').first()).toContainText('$.nodes[0].id');
  await expect(errors).toContainText('$.nodes[1].kind');
  await lab.screenshot('import-errors');
  expect(await seriousViolations(page, '[data-testid="import-errors"]')).toEqual([]);
  expect((await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  await page.getByTestId('import-errors-dismiss').click();
  await expect(errors).toHaveCount(0);

  await page.getByTestId('import-file').setInputFiles({ name: 'notjson.json', mimeType: 'application/json', buffer: Buffer.from('{"lvslab": 1,') });
  await expect(page.getByTestId('import-error')).toContainText(/\$ invalid JSON/);
  expect((await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  expect(lab.errors).toEqual([]);
});

test('drop a lab file on the page to open it', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  const json = JSON.stringify({ lvslab: 1, id: 'dropped', nodes: [{ id: 'alpha', kind: 'host', position: { x: 0, y: 0 }, interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }] }], links: [] });
  await page.evaluate((text) => {
    const w = globalThis as unknown as DropWindow;
    const dt = new w.DataTransfer();
    dt.items.add(new w.File([text], 'dropped.json', { type: 'application/json' }));
    for (const type of ['dragenter', 'dragover', 'drop']) w.document.body.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, json);
  await expect.poll(async () => (await lab.state()).nodes).toEqual(['alpha']);
  await expect(lab.node('alpha')).toContainText('10.0.0.1/24');
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('packet captures: one interface as a pcap tshark reads cleanly, all of them as a zip', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await lab.type('client', 'curl 192.168.150.100');
  await lab.advance(3);
  await lab.expectTerminal('client', 'from node0');
  await openExportMenu(page);
  const pick = page.getByTestId('pcap-iface');
  await expect(pick).toBeVisible();
  await pick.selectOption('client-eth0');
  await expect(pick.locator('option:checked')).toHaveText(/client-eth0 \(\d+ frames\)/);
  const pcap = await downloadFrom(page, 'export-pcap');
  expect(pcap.endsWith('client-eth0.pcap')).toBe(true);
  const bytes = readFileSync(pcap);
  expect([...bytes.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
  if (tsharkAvailable()) {
    const r = tsharkCheck(pcap);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.packets).toBeGreaterThanOrEqual(9); // ARP ×2, handshake, GET, reply, teardown
  }

  await openExportMenu(page);
  const zip = await downloadFrom(page, 'export-pcap-zip');
  expect(zip.endsWith('lvs-dr-captures.zip')).toBe(true);
  const files = unzipSync(readFileSync(zip));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['client-eth0.pcap', 'node01-eth0.pcap', 'sw-p1.pcap']));
  expect(Buffer.from(files['client-eth0.pcap']).equals(bytes)).toBe(true);
  expect(lab.errors).toEqual([]);
});

test('the canvas as SVG and PNG for slides', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await expect(lab.node('node01')).toHaveAttribute('data-roles', /DIRECTOR/);
  await openExportMenu(page);
  const svgPath = await downloadFrom(page, 'export-svg');
  expect(svgPath.endsWith('lvs-dr.svg')).toBe(true);
  const svg = readFileSync(svgPath, 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  for (const s of ['node01', 'node02', 'client', 'DIRECTOR', '192.168.150.100/24', 'LVS direct routing (DR)']) expect(svg).toContain(s);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  // The SVG drawn in the browser (as a slide tool would).
  await page.setContent(svg);
  await expect(page.locator('svg text', { hasText: 'node03' })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/export-svg.png' });

  await lab.open({ preset: 'lvs-dr' });
  await openExportMenu(page);
  const pngPath = await downloadFrom(page, 'export-png');
  const png = readFileSync(pngPath);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR: twice the SVG's size.
  expect(png.readUInt32BE(16)).toBe(width * 2);
  expect(png.readUInt32BE(20)).toBe(height * 2);
  expect(lab.errors).toEqual([]);
});

test("a host's configuration as commands, and the director's rules as ipvsadm -S", async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await lab.advance(1);
  await openExportMenu(page);
  await expect(page.getByTestId('config-host')).toHaveValue('node01');
  await page.getByTestId('export-ipvs').click();
  const text = page.getByTestId('config-text');
  await expect(text).toHaveValue('-A -t 192.168.150.100:80 -s rr\n-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1\n-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1\n');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('config-preview')).toHaveCount(0);

  // The host selected on the canvas is the one offered.
  await lab.node('node02').locator('.node-head').click();
  await openExportMenu(page);
  await expect(page.getByTestId('config-host')).toHaveValue('node02');
  await expect(page.getByTestId('export-ipvs')).toBeDisabled();
  await page.getByTestId('export-host-script').click();
  await expect(page.getByTestId('config-preview')).toContainText('node02: configuration as commands');
  const script = await text.inputValue();
  expect(script).toMatch(/^#!\/bin\/bash\n# node02: its configuration at t=1\.000 s/);
  expect(script).toContain('echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore\n');
  expect(script).toContain('192.168.150.100');
  await lab.screenshot('export-host-config');
  expect(await seriousViolations(page, '[data-testid="config-preview"]')).toEqual([]);
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-download').click()]);
  expect(d.suggestedFilename()).toBe('node02.sh');
  expect(readFileSync(await save(d), 'utf8')).toBe(script);
  expect(lab.errors).toEqual([]);
});
