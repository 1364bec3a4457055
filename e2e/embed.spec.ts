import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { LvslabTestHooks } from '../src/ui/testhooks-types';
import { serveStatic, type StaticServer } from './support/static-server';

type Ev = { origin: string; data: Record<string, unknown> };
type HostWindow = { events: Ev[]; send(msg: Record<string, unknown>): void };
type HookWindow = { __lvslab: LvslabTestHooks };

let host: StaticServer;
test.beforeAll(async () => {
  host = await serveStatic(fileURLToPath(new URL('./fixtures/', import.meta.url)));
});
test.afterAll(async () => {
  await host.close();
});

/** The course page at `pageHost`, embedding the lab with these parameters. */
async function openHost(page: Page, baseURL: string, params: string, pageHost: '127.0.0.1' | 'localhost' = '127.0.0.1') {
  const src = new URL(`/?${params}&testhooks=1`, baseURL).toString();
  await page.goto(`${host.url(pageHost)}embed-host.html?src=${encodeURIComponent(src)}`);
  return page.frameLocator('#lab');
}

const events = (page: Page): Promise<Array<Record<string, unknown>>> => page.evaluate(() => (globalThis as unknown as HostWindow).events.map((e) => ({ origin: e.origin, ...e.data })));
const send = (page: Page, msg: Record<string, unknown>) => page.evaluate((m) => (globalThis as unknown as HostWindow).send(m), msg);
const ofType = async (page: Page, type: string) => (await events(page)).filter((e) => e.type === type);

const labFrame = (page: Page) => page.frames().find((f) => f.url().includes('embed=1'))!;
const labState = (page: Page) => labFrame(page).evaluate(() => (globalThis as unknown as HookWindow).__lvslab.state());

test('embed mode in a course page: driven by postMessage, events come back', async ({ page, baseURL }) => {
  const origin = host.url().replace(/\/$/, '');
  const frame: FrameLocator = await openHost(page, baseURL!, `embed=1&preset=two-hosts&panels=controls,canvas,terminal&origins=${origin}`);
  // Minimal chrome: the embed's controls, no top bar, no palette, no inspector.
  await expect(frame.getByTestId('app')).toHaveAttribute('data-state', 'ready');
  await expect(frame.getByTestId('embed-bar')).toBeVisible();
  await expect(frame.getByTestId('preset-picker')).toHaveCount(0);
  await expect(frame.getByTestId('palette-host')).toHaveCount(0);
  await expect(frame.getByTestId('inspector')).toHaveCount(0);

  await expect.poll(async () => (await ofType(page, 'ready')).length).toBe(1);
  const [ready] = await ofType(page, 'ready');
  expect(ready).toEqual({ origin: new URL(baseURL!).origin, protocol: 'lvslab-embed/1', type: 'ready', readonly: false, panels: ['controls', 'canvas', 'terminal'] });
  await expect.poll(async () => (await ofType(page, 'loaded')).map((e) => e.id)).toEqual(['two-hosts']);

  // Load the DR lab, speed it up, curl the VIP from the client.
  await send(page, { type: 'load', preset: 'lvs-dr', id: 'l1' });
  await expect.poll(async () => (await ofType(page, 'loaded')).map((e) => e.id)).toEqual(['two-hosts', 'lvs-dr']);
  expect((await ofType(page, 'loaded'))[1]).toMatchObject({ title: 'LVS direct routing (DR)', nodes: ['client', 'sw', 'node01', 'node02', 'node03'] });
  await expect(frame.getByTestId('node-node01')).toBeVisible();
  await send(page, { type: 'speed', speed: 100 });
  await send(page, { type: 'run', node: 'client', line: 'curl 192.168.150.100', id: 7 });
  await expect
    .poll(async () => (await ofType(page, 'output')).filter((e) => e.node === 'client').map((e) => e.text).join(''), { timeout: 20_000 })
    .toContain('from node0');
  // The lab's own terminal shows it too.
  await expect(frame.getByTestId('terminal-client')).toBeVisible();
  expect(await labFrame(page).evaluate(() => (globalThis as unknown as HookWindow).__lvslab.terminalText('client'))).toContain('from node0');
  // Only the panels asked for: no timeline or ladder tabs.
  await expect(frame.getByTestId('dock-panels')).toHaveCount(0);
  const est = await ofType(page, 'connection-established');
  expect(est.find((e) => e.node === 'client')).toMatchObject({ node: 'client', remote: '192.168.150.100:80', local: expect.stringMatching(/^192\.168\.150\.1:\d+$/) });
  // The real server's side too: DR hands it the client's SYN to the VIP.
  expect(est.some((e) => (e.node === 'node02' || e.node === 'node03') && e.local === '192.168.150.100:80')).toBe(true);
  const states = await ofType(page, 'state');
  expect(states.some((s) => s.playing === true)).toBe(true);
  expect(states.every((s) => typeof s.t === 'number')).toBe(true);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/screens/embed-view.png' });

  // Refused commands answer with an error carrying their id; nothing else happens.
  await send(page, { type: 'run', node: 'client', line: 'ls\nrm -rf /', id: 'bad1' });
  await send(page, { type: 'run', node: 'nobody', line: 'ls', id: 'bad2' });
  await send(page, { type: 'fly', id: 'bad3' });
  await expect.poll(async () => (await ofType(page, 'error')).map((e) => e.id)).toEqual(['bad1', 'bad2', 'bad3']);
  expect((await ofType(page, 'error'))[1].message).toBe('there is no host "nobody" in this lab');
  // Every event went to the course page's origin only, tagged with the protocol.
  expect((await events(page)).every((e) => e.origin === new URL(baseURL!).origin && e.protocol === 'lvslab-embed/1')).toBe(true);
});

test('a page from another origin is ignored: its commands do nothing and it hears nothing', async ({ page, baseURL }) => {
  // The lab allows http://127.0.0.1:<port>; the page is http://localhost:<port> — another origin.
  const allowed = host.url('127.0.0.1').replace(/\/$/, '');
  const frame = await openHost(page, baseURL!, `embed=1&preset=lvs-dr&origins=${allowed}`, 'localhost');
  await expect(frame.getByTestId('app')).toHaveAttribute('data-state', 'ready');
  await expect(frame.getByTestId('node-client')).toBeVisible();
  await send(page, { type: 'run', node: 'client', line: 'curl 192.168.150.100' });
  await send(page, { type: 'play' });
  await send(page, { type: 'load', preset: 'two-hosts' });
  await page.waitForTimeout(1500);
  // Nothing typed, nothing played, nothing loaded; and no events reached the foreign page.
  const s = await labState(page);
  expect(s.playState).toBe('paused');
  expect(s.now).toBe(0);
  expect(s.nodes).toEqual(['client', 'sw', 'node01', 'node02', 'node03']);
  expect(await events(page)).toEqual([]);
});

test('readonly embed: no topology edits; autoplay and chosen panels', async ({ page, baseURL }) => {
  const origin = host.url().replace(/\/$/, '');
  const frame = await openHost(page, baseURL!, `embed=1&preset=two-hosts&panels=canvas,inspector,palette&readonly=1&autoplay=1&origins=${origin}`);
  await expect(frame.getByTestId('app')).toHaveAttribute('data-state', 'ready');
  await expect(frame.getByTestId('inspector')).toBeVisible();
  // No controls asked for; read-only: no palette even though listed.
  await expect(frame.getByTestId('embed-bar')).toHaveCount(0);
  await expect(frame.getByTestId('palette-host')).toHaveCount(0);
  await expect.poll(async () => (await labState(page)).playState).toBe('playing');
  await frame.getByTestId('node-node02').locator('.node-head').click();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(500);
  await expect(frame.getByTestId('node-node02')).toBeVisible();
  expect((await labState(page)).nodes).toEqual(['node01', 'node02']);
  expect((await ofType(page, 'ready'))[0]).toMatchObject({ readonly: true, panels: ['canvas', 'inspector', 'palette'] });
});

test('Copy embed code makes the iframe snippet for the open lab', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./?testhooks=1&preset=lvs-dr');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('share-button').click();
  await page.getByTestId('embed-panel-inspector').check();
  await page.getByTestId('embed-origins').fill('https://course.example.edu/');
  await page.getByTestId('embed-copy').click();
  const code = await page.getByTestId('embed-code').inputValue();
  const origin = new URL(page.url()).origin;
  expect(code).toBe(
    `<iframe src="${origin}/?embed=1&amp;preset=lvs-dr&amp;panels=controls,canvas,terminal,inspector&amp;readonly=1&amp;origins=https://course.example.edu" width="960" height="600" title="lvslab — LVS direct routing (DR)" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write; fullscreen"></iframe>`,
  );
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(code);
});
