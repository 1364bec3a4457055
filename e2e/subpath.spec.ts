import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabPage } from './pages/LabPage';
import { serveStatic, type StaticServer } from './support/static-server';

// The production build (npm run test:e2e builds it first), served from a course site's folder.
const DIST = process.env.LVSLAB_DIST ?? fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = '/course/lvslab/';

/** What the offline test reads in the page, typed here (the e2e project has no DOM lib). */
type SwWindow = {
  navigator: { serviceWorker: { controller: unknown } };
  caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<Array<{ url: string }>> }> };
};

let site: StaticServer;
test.beforeAll(async () => {
  expect(existsSync(join(DIST, 'index.html')), 'dist/ is built').toBe(true);
  site = await serveStatic(DIST, PREFIX);
});
test.afterAll(async () => {
  await site.close();
});

test('the build works from a sub-path: every file found, the engine runs, links point there', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
  const lab = new LabPage(page);
  await page.goto(`${site.url()}?testhooks=1&preset=two-hosts`);
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  await expect(lab.node('node01')).toBeVisible();
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await lab.advance(2);
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  expect(failed).toEqual([]);
  // Everything came from the folder: nothing asked for at the site's root.
  expect(site.requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
  await page.getByTestId('share-button').click();
  expect(await page.getByTestId('share-url').inputValue()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${PREFIX}#lab=1\\.`));
  expect(lab.errors).toEqual([]);
});

test('offline once loaded: a reload with the network gone still opens the app', async ({ page, context }) => {
  const lab = new LabPage(page);
  await page.goto(`${site.url()}?testhooks=1&preset=two-hosts`);
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  // The service worker installed (every built file cached) and controls the page.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const w = globalThis as unknown as SwWindow;
          return !!w.navigator.serviceWorker.controller && (await w.caches.keys()).some((k) => k.startsWith('lvslab-'));
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
  const cached = await page.evaluate(async () => {
    const w = globalThis as unknown as SwWindow;
    const key = (await w.caches.keys()).find((k) => k.startsWith('lvslab-'))!;
    return (await (await w.caches.open(key)).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(expect.arrayContaining([PREFIX, `${PREFIX}index.html`]));
  expect(cached.some((p) => /engine\.worker-[\w-]+\.js$/.test(p))).toBe(true);

  await context.setOffline(true);
  const before = site.requests.length;
  await page.reload();
  await expect(lab.app).toHaveAttribute('data-state', 'ready');
  await expect(lab.node('node02')).toBeVisible();
  // The engine worker came from the cache too: commands run.
  await lab.type('node01', 'ping -c 1 192.168.150.12');
  await lab.advance(2);
  await lab.expectTerminal('node01', '1 packets transmitted, 1 received');
  expect(site.requests.length).toBe(before);
  await context.setOffline(false);
  expect(lab.errors).toEqual([]);
});
