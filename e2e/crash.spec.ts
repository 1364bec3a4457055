import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

for (const how of ['throw', 'fatal'] as const) {
  test(`the worker fails (${how}): a banner, and a restart restores the topology`, async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open({ preset: 'two-hosts' });
    await page.getByTestId('palette-switch').click();
    await expect.poll(async () => (await lab.state()).nodes).toEqual(['node01', 'node02', 'sw1']);
    await lab.crash(how);
    await expect(lab.app).toHaveAttribute('data-state', 'crashed');
    await expect(lab.crashBanner).toContainText('The simulation engine stopped');
    await expect(lab.crashBanner).toContainText('debug-crash');
    await expect(lab.crashBanner).toHaveCSS('opacity', '1');
    await lab.screenshot(`crash-${how}`);
    await page.getByTestId('restart-button').click();
    await expect(lab.app).toHaveAttribute('data-state', 'ready');
    await expect(lab.crashBanner).toHaveCount(0);
    await expect(lab.node('sw1')).toBeVisible();
    expect((await lab.state()).nodes).toEqual(['node01', 'node02', 'sw1']);
    // And it runs again.
    await lab.type('node01', 'ping -c 1 192.168.150.12');
    await lab.advance(2);
    await lab.expectTerminal('node01', '1 received');
  });
}
