import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { InspectorPanel } from './pages/InspectorPanel';
import { LabPage } from './pages/LabPage';

/** WCAG 2.2 A/AA rules plus axe's best practices; only serious and critical findings fail. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4})` : ''}`);
}

/** The little of the DOM these checks read (the e2e project is compiled without DOM types). */
interface Dom {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): Dom | null;
  getBoundingClientRect(): { width: number; height: number };
}

/** The page's width including anything that scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

const typeLine = (page: Page, node: string, line: string) => page.evaluate(([n, l]) => (globalThis as unknown as { __lvslab: { type(n: string, l: string): void } }).__lvslab.type(n, l), [node, line]);

test('no serious or critical accessibility violations: boot, node selected, packet selected', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'lvs-dr' });
  expect(await seriousViolations(page), 'boot').toEqual([]);

  await lab.select('node01');
  await typeLine(page, 'client', 'curl 192.168.150.100');
  await lab.advance(2);
  await expect(insp.table('ipvs-conns')).toHaveAttribute('data-count', '1');
  // Typing dismisses the first-steps hint; axe would measure its contrast halfway through the fade.
  await expect(page.getByTestId('hint')).toHaveCount(0);
  expect(await seriousViolations(page), 'node selected').toEqual([]);

  const tab = page.getByTestId('tab-frames');
  if (await tab.count()) await tab.click();
  await lab.packetRows('tcp').filter({ hasText: 'node01 → sw' }).first().click();
  await insp.ready();
  expect(await seriousViolations(page), 'packet selected').toEqual([]);
  expect(lab.errors).toEqual([]);
});

test('the packet inspector works from the keyboard', async ({ page }) => {
  const lab = new LabPage(page);
  const insp = new InspectorPanel(page);
  await lab.open({ preset: 'lvs-dr' });
  await typeLine(page, 'client', 'curl 192.168.150.100');
  await lab.advance(2);
  const tab = page.getByTestId('tab-frames');
  if (await tab.count()) await tab.click();
  // A log row is a button: Enter opens its packet.
  await lab.packetRows('tcp').filter({ hasText: 'node01 → sw' }).first().locator('button').focus();
  await page.keyboard.press('Enter');
  await insp.ready();
  // Path steps, field toggles and the close button are buttons with names.
  await insp.pathStep('client').focus();
  await page.keyboard.press('Enter');
  await expect(insp.diff).toHaveAttribute('data-node', 'client');
  await insp.field('ip.ttl').focus();
  await page.keyboard.press('Space');
  await expect(insp.field('ip.ttl')).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Close the packet view' }).focus();
  await page.keyboard.press('Enter');
  await expect(insp.packet).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('tap targets are at least 24 px; the screen reads at 1280×720 and on a large screen', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'lvs-dr' });
  await lab.select('node01');
  // Every visible control in the top bar, palette and inspector (WCAG 2.5.8 target size, minimum).
  const small = await page.locator('.topbar button, .topbar select, .topbar input, .palette button, .inspector button, .inspector select, .inspector input, .inspector summary').evaluateAll((els) => {
    const out: string[] = [];
    for (const el of els as unknown as Dom[]) {
      // A checkbox inside its label is tapped through the label.
      const box = el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.getAttribute('type') ?? '') && el.closest('label') ? el.closest('label')! : el;
      const r = box.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')}[${el.getAttribute('data-testid') ?? ''}] ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 20)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
  expect(small).toEqual([]);
  // At 1280×720 the inspector and the canvas both fit; nothing scrolls the page sideways.
  expect(await pageWidth(page)).toBeLessThanOrEqual(1280);
  await lab.screenshot('a11y-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByTestId('inspector-node')).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(1920);
  await lab.screenshot('a11y-1920');
  expect(lab.errors).toEqual([]);
});
