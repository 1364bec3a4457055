import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('drag a switch and a host from the palette, cable the host to the switch, undo and redo it all', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' }); // no switch: one is dragged in first
  const before = (await lab.state()).nodes;
  let sw = before.find((n) => n.startsWith('sw'));
  if (!sw) {
    await lab.dragFromPalette('switch', 330, 340);
    await expect.poll(async () => (await lab.state()).nodes.find((n) => n.startsWith('sw'))).toBeTruthy();
    sw = (await lab.state()).nodes.find((n) => n.startsWith('sw'))!;
    await expect(lab.notice).toContainText(`Added ${sw}`);
  }
  await lab.dragFromPalette('host', 530, 340);
  await expect.poll(async () => (await lab.state()).nodes.length).toBe(before.length + (before.some((n) => n.startsWith('sw')) ? 1 : 2));
  const host = (await lab.state()).nodes.at(-1)!;
  await expect(lab.node(host)).toBeVisible();
  await expect(lab.node(host)).toContainText('eth0');
  // A new host gets a free address in the lab's network.
  await expect(lab.node(host)).toContainText(/192\.168\.150\.\d+\/24/);

  // Lay the cable: the host's eth0 to a new port on the switch.
  const cables = (await lab.state()).links.length;
  await lab.connect(lab.handle(host, 'eth0'), lab.handle(sw, 'new'));
  await expect.poll(async () => (await lab.state()).links.length).toBe(cables + 1);
  const link = (await lab.state()).links.at(-1)!;
  expect(link.id).toMatch(new RegExp(`^${host}:eth0--${sw}:p\\d+$|^${sw}:p\\d+--${host}:eth0$`));
  await expect(lab.cable(link.id)).toHaveAttribute('data-state', 'up');
  await expect(lab.node(host).getByTestId(`iface-${host}-eth0`)).toHaveAttribute('data-state', 'up');

  // Undo the cable (button), then the host (keyboard); redo both.
  await lab.undo.click();
  await expect(lab.cable(link.id)).toHaveCount(0);
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await expect(lab.node(host)).toHaveCount(0);
  await lab.redo.click();
  await expect(lab.node(host)).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(lab.cable(link.id)).toHaveAttribute('data-state', 'up');
  await expect(lab.redo).toBeDisabled();
  // Tidy lays the new topology out (one more undoable step).
  await page.getByTestId('tidy-button').click();
  await expect(lab.undo).toBeEnabled();
  await page.waitForTimeout(500);
  await lab.screenshot('cabled-tidy');
  expect(lab.errors).toEqual([]);
});

test('lay a cable from the inspector, without dragging', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await page.getByTestId('palette-switch').click();
  await expect.poll(async () => (await lab.state()).nodes).toContain('sw1');
  await page.getByTestId('palette-host').click();
  await expect.poll(async () => (await lab.state()).nodes).toContain('node03');
  await lab.select('node03');
  await page.getByTestId('cable-to-node03-eth0').selectOption({ label: 'sw1 p1' });
  await expect(lab.cable('node03:eth0--sw1:p1')).toHaveAttribute('data-state', 'up');
  expect(lab.errors).toEqual([]);
});

test('rename, cut and restore a cable, delete a node; an invalid edit is refused', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  // Rename by double-clicking the name.
  await lab.node('node02').getByTestId('name-node02').dblclick();
  await page.getByTestId('rename-node02').fill('web1');
  await page.getByTestId('rename-node02').press('Enter');
  await expect(lab.node('node02')).toContainText('web1');
  await expect(lab.node('node02')).toContainText('node02');

  // Cut the cable from its context menu: live, no restart.
  const id = (await lab.state()).links[0].id;
  const box = await lab.cable(id).locator('.cable-line').boundingBox();
  await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2, { button: 'right' });
  await page.getByTestId('menu-cut').click();
  await expect(lab.cable(id)).toHaveAttribute('data-state', 'cut');
  await expect(lab.node('node01').getByTestId('iface-node01-eth0')).toHaveAttribute('data-state', 'no-carrier');
  await lab.screenshot('cable-cut');
  await page.keyboard.press('Control+z');
  await expect(lab.cable(id)).toHaveAttribute('data-state', 'up');

  // An address the validator refuses changes nothing and says why.
  await lab.select('node01');
  const addr = page.getByTestId('addr-node01-eth0');
  await addr.fill('192.168.150.300/24');
  await addr.press('Enter');
  await expect(lab.notice).toHaveAttribute('data-kind', 'error');
  await expect(lab.notice).toContainText('above 255');
  await expect(lab.node('node01')).toContainText('192.168.150.11/24');

  // Delete with the keyboard.
  await lab.node('node02').locator('.node-head').click();
  await page.keyboard.press('Delete');
  await expect(lab.node('node02')).toHaveCount(0);
  await expect(lab.cables).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('copy and paste nodes', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  await lab.node('node01').locator('.node-head').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect.poll(async () => (await lab.state()).nodes).toEqual(['node01', 'node02', 'node03']);
  await expect(lab.node('node03')).toContainText('192.168.150.13/24');
  expect(lab.errors).toEqual([]);
});

test('moving a node by dragging or with the arrow keys is saved and undoable', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open({ preset: 'two-hosts' });
  const head = lab.node('node02').locator('.node-head');
  const before = await lab.node('node02').boundingBox();
  const b = await head.boundingBox();
  await page.mouse.move(b!.x + 20, b!.y + b!.height / 2);
  await page.mouse.down();
  await page.mouse.move(b!.x + 40, b!.y + 60, { steps: 6 });
  await page.mouse.move(b!.x + 60, b!.y + 100, { steps: 6 });
  await page.mouse.up();
  await expect(lab.undo).toBeEnabled();
  const after = await lab.node('node02').boundingBox();
  expect(after!.y).toBeGreaterThan(before!.y + 50);
  // Arrow keys move the selected node; the moves merge into one undo step.
  await lab.node('node02').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await lab.node('node02').boundingBox())!.y).toBeLessThan(after!.y);
  await page.waitForTimeout(400); // the arrow-key moves are saved a moment after the last press
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await lab.node('node02').boundingBox())!.y).toBeCloseTo(after!.y, 0);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await lab.node('node02').boundingBox())!.y).toBeCloseTo(before!.y, 0);
  expect(lab.errors).toEqual([]);
});
