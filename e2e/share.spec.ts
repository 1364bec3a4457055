import { expect, test, type Page } from '@playwright/test';
import { strToU8 } from 'fflate';
import { presetById } from '../src/presets';
import { base64urlEncode } from '../src/share/base64';
import { encodeShareLink } from '../src/share/link';
import { packV1 } from '../src/share/migrate';
import { LabPage } from './pages/LabPage';
import { seriousViolations } from './support/axe';

/** A link's fragment on this app, with the test hooks on. */
const withHooks = (url: string) => {
  const u = new URL(url);
  u.search = '?testhooks=1';
  return u.toString();
};

async function openShareMenu(page: Page) {
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-menu')).toBeVisible();
}

/** Watch for anything a hostile link could make run: dialogs, and a global the payloads set. */
function guard(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    dialogs,
    async pwned() {
      return page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned ?? null);
    },
  };
}

test('copy a link, open it in a new page: the same lab, the same transcript', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  // Make it a lab of one's own: a third host, and node02 renamed.
  await page.getByTestId('palette-host').click();
  await expect.poll(async () => (await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  await lab.node('node02').getByTestId('name-node02').dblclick();
  await page.getByTestId('rename-node02').fill('web-1');
  await page.getByTestId('rename-node02').press('Enter');
  await expect(lab.node('node02')).toContainText('web-1');
  await expect(lab.clock).toHaveText('0.000 s');

  await openShareMenu(page);
  const field = page.getByTestId('share-url');
  const url = await field.inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#lab=1\.[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId('share-length')).toHaveText(`${url.length.toLocaleString('en')} characters`);
  await page.getByTestId('share-copy-link').click();
  await expect(page.getByTestId('share-status')).toContainText('copied');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
  await page.waitForTimeout(200);
  await lab.screenshot('share-menu');
  expect(await seriousViolations(page, '[data-testid="share-menu"]')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-menu')).toHaveCount(0);

  const other = await context.newPage();
  const copy = new LabPage(other);
  await other.goto(withHooks(url));
  await expect(copy.app).toHaveAttribute('data-state', 'ready');
  await expect(copy.node('node03')).toBeVisible();
  expect((await copy.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  expect((await copy.state()).links).toEqual((await lab.state()).links);
  for (const id of ['node01', 'node02', 'node03']) await expect(copy.node(id)).toHaveText((await lab.node(id).textContent())!);
  await expect(copy.node('node02')).toContainText('web-1');
  await expect(other.getByTestId('share-banner')).toHaveCount(0);
  // The picker says it is not a preset any more.
  await expect(other.getByTestId('preset-picker')).toHaveValue('');

  // The same command at the same virtual time prints the same, to the character.
  for (const l of [lab, copy]) {
    await l.type('node01', 'ping -c 2 192.168.150.12');
    await l.advance(3);
    await l.expectTerminal('node01', '2 packets transmitted, 2 received');
  }
  expect(await copy.terminal.text('node01')).toBe(await lab.terminal.text('node01'));
  expect(lab.errors).toEqual([]);
  expect(copy.errors).toEqual([]);
});

test('a link can carry the virtual time: the new page opens at it', async ({ page, context }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await lab.advance(2.5);
  await expect(lab.clock).toHaveText('2.500 s');
  await openShareMenu(page);
  const plain = await page.getByTestId('share-url').inputValue();
  await page.getByTestId('share-include-time').check();
  await expect(page.getByTestId('share-menu')).toContainText('2.500 s');
  const timed = await page.getByTestId('share-url').inputValue();
  expect(timed).not.toBe(plain);
  // An unchanged preset travels by reference: a short link.
  expect(plain.length).toBeLessThan(150);

  const other = await context.newPage();
  const copy = new LabPage(other);
  await other.goto(withHooks(timed));
  await expect(copy.app).toHaveAttribute('data-state', 'ready');
  await expect(copy.clock).toHaveText('2.500 s');
  await expect(copy.play).toHaveAttribute('data-state', 'paused');
  await expect(other.getByTestId('preset-picker')).toHaveValue('lvs-dr');
  expect(copy.errors).toEqual([]);
});

const good = encodeShareLink(presetById('two-hosts')!);
const body = good.slice('#lab=1.'.length);
const pack = (envelope: unknown) => `#lab=1.${base64urlEncode(packV1(strToU8(JSON.stringify(envelope))))}`;
// Markup in a node id (short enough that the refusal quotes it back).
const HOSTILE_ID = '<svg onload=window.__pwned=1>';
const hostileId = pack({ d: { lvslab: 1, nodes: [{ id: HOSTILE_ID, kind: 'host', interfaces: ['eth0'] }], links: [] } });
const hostileScript = pack({ d: { lvslab: 1, nodes: [{ id: '<script>window.__pwned=1</script>', kind: 'host', interfaces: ['eth0'] }], links: [] } });

const DAMAGED: Array<[string, string, RegExp]> = [
  ['truncated', `#lab=1.${body.slice(0, Math.floor(body.length / 2))}`, /This link is damaged \(truncated or edited\)/],
  ['edited', `#lab=1.${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`, /This link is damaged \(truncated or edited\)/],
  ['from a future version', `#lab=7.${body}`, /made by a newer lvslab \(format 7\)/],
  ['with <script> as a node id', hostileScript, /This link's lab is not valid: \$\.nodes\[0\]\.id/],
  ['with <svg onload> as a node id', hostileId, /This link's lab is not valid: \$\.nodes\[0\]\.id: "<svg onload=window\.__pwned=1>" is not a node id/],
];

for (const [what, hash, reason] of DAMAGED) {
  test(`a damaged link (${what}): a banner, the default lab, nothing runs`, async ({ page }) => {
    const g = guard(page);
    const lab = new LabPage(page);
    await page.goto(`./?testhooks=1${hash}`);
    await expect(lab.app).toHaveAttribute('data-state', 'ready');
    const banner = page.getByTestId('share-banner');
    await expect(banner).toBeVisible();
    await expect(page.getByTestId('share-banner-reason')).toHaveText(reason);
    await expect(banner).toContainText('The default lab is open instead.');
    // The default lab (LVS DR) is open.
    await expect(page.getByTestId('preset-picker')).toHaveValue('lvs-dr');
    await expect(lab.node('node01')).toBeVisible();
    if (what.includes('svg')) {
      await lab.screenshot('share-damaged-link');
      expect(await seriousViolations(page, '[data-testid="share-banner"]')).toEqual([]);
    }
    // Quoted as text, never as markup.
    expect(await page.locator('[data-testid="app"] script, [data-testid="app"] svg[onload]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(g.dialogs).toEqual([]);
    expect(await g.pwned()).toBeNull();
    await page.getByTestId('share-banner-dismiss').click();
    await expect(banner).toHaveCount(0);
    expect(lab.errors).toEqual([]);
  });
}

test('a valid lab with markup in its names shows the names as text', async ({ page }) => {
  const g = guard(page);
  const doc = structuredClone(presetById('two-hosts')!);
  doc.id = 'hostile';
  doc.title = { en: '<img src=x onerror="window.__pwned=1">' };
  doc.nodes[0].name = '<img src=x onerror="window.__pwned=1">';
  doc.nodes[1].name = '<script>window.__pwned=2</script>';
  const lab = new LabPage(page);
  await page.goto(`./?testhooks=1${encodeShareLink(doc)}`);
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('share-banner')).toHaveCount(0);
  await expect(lab.node('node01')).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(lab.node('node02')).toContainText('<script>window.__pwned=2</script>');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('[data-testid="app"] script').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(g.dialogs).toEqual([]);
  expect(await g.pwned()).toBeNull();
  expect(lab.errors).toEqual([]);
});

test('a share link pasted into the address of an open app opens too', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await page.evaluate(`location.hash = ${JSON.stringify(encodeShareLink(presetById('lvs-nat')!))}`);
  await expect(page.getByTestId('preset-picker')).toHaveValue('lvs-nat');
  // A damaged one keeps the open lab and says why.
  await page.evaluate("location.hash = '#lab=1.AAAA'");
  await expect(page.getByTestId('share-banner')).toContainText('The lab that was open is still open.');
  await expect(page.getByTestId('preset-picker')).toHaveValue('lvs-nat');
  expect(lab.errors).toEqual([]);
});
