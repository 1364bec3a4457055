import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage';

const PROMPT = '[root@node01 ~]# ';

test('a host terminal: double-click node01, add the VIP with ifconfig, see it on the canvas and in ifconfig; ↑ recalls', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lab-bare' });
  // One terminal is open from the start; node01's opens by double-clicking the host.
  await expect(term.panel.locator('[data-testid^="term-tab-"]')).toHaveCount(1);
  await lab.node('node01').locator('.node-icon').dblclick();
  await expect(term.tab('node01')).toHaveAttribute('data-active', 'true');
  await expect(term.input('node01')).toBeFocused();
  await expect.poll(() => term.lastLine('node01')).toBe(PROMPT);

  await page.keyboard.type('ifconfig eth0:2 192.168.150.100/24');
  await page.keyboard.press('Enter');
  await term.expectIdle('node01');
  // The canvas shows the new address on node01's eth0 with its label.
  await expect(lab.node('node01').getByTestId('iface-node01-eth0')).toContainText('192.168.150.100/24');
  await expect(lab.node('node01').getByTestId('iface-node01-eth0')).toContainText(':2');

  await page.keyboard.type('ifconfig');
  await page.keyboard.press('Enter');
  await term.expectText('node01', 'eth0:2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 192.168.150.100  netmask 255.255.255.0  broadcast 192.168.150.255');
  await term.expectIdle('node01');
  await expect.poll(() => term.lastLine('node01')).toBe(PROMPT);

  // ↑ walks the history: the last command, then the one before.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}ifconfig`);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}ifconfig eth0:2 192.168.150.100/24`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => term.lastLine('node01')).toBe(PROMPT);
  await lab.screenshot('terminal-ifconfig');
  expect(lab.errors).toEqual([]);
});

test('Ctrl-C stops ping: statistics, then the prompt; keys typed meanwhile are discarded', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lab-bare' });
  await term.run('node01', 'ping 192.168.150.12');
  await term.expectText('node01', '64 bytes from 192.168.150.12: icmp_seq=2 ttl=64', { timeout: 15_000 });
  await expect(term.tab('node01')).toHaveAttribute('data-running', 'true');
  // Typed ahead while ping runs: echoed, then thrown away by the interrupt (as a tty flushes its input).
  await page.keyboard.type('ls');
  await page.keyboard.press('Control+c');
  await term.expectText('node01', /\^C\n--- 192\.168\.150\.12 ping statistics ---\n\d+ packets transmitted, \d+ received, [\d.]+% packet loss, time \d+ms\nrtt min\/avg\/max\/mdev = /);
  await term.expectIdle('node01');
  await expect.poll(() => term.lastLine('node01')).toBe(PROMPT);
  await lab.screenshot('terminal-ping-ctrl-c');

  // Ctrl-C at the prompt: ^C ends the line, nothing runs.
  await page.keyboard.type('echo never');
  await page.keyboard.press('Control+c');
  await expect.poll(() => term.text('node01')).toContain(`${PROMPT}echo never^C\n${PROMPT}`);
  expect(lab.errors).toEqual([]);
});

test('vi in node02: edit the web page, save with Ctrl-S, quit; cat shows it; the editor reports write errors', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lvs-dr' });
  // Open node02's terminal from its context menu.
  await lab.node('node02').locator('.node-icon').click({ button: 'right' });
  await page.getByTestId('menu-terminal').click();
  await expect(term.input('node02')).toBeFocused();
  await page.keyboard.type('vi /var/www/html/index.html');
  await page.keyboard.press('Enter');
  await expect(term.editor).toBeVisible();
  await expect(term.editorText).toBeFocused();
  await expect(term.editorStatus).toHaveText(/^"\/var\/www\/html\/index\.html" 1L, \d+C$/);
  await expect(term.editorText).toHaveValue(/node02/);
  await term.editorText.fill('<h1>hello from the editor</h1>\nline two');
  await lab.screenshot('terminal-vi');
  await page.keyboard.press('Control+s');
  await expect(term.editorStatus).toHaveText('"/var/www/html/index.html" 2L, 40C written');
  await page.getByTestId('vi-quit').click();
  await expect(term.editor).toHaveCount(0);
  await expect(term.input('node02')).toBeFocused();
  await page.keyboard.type('cat /var/www/html/index.html');
  await page.keyboard.press('Enter');
  await term.expectText('node02', '# cat /var/www/html/index.html\n<h1>hello from the editor</h1>\nline two\n[root@node02 ~]# ');

  // :q with unsaved changes refuses, as vim does; a value the kernel refuses is a write error.
  await term.run('node02', 'vi /proc/sys/net/ipv4/conf/all/arp_ignore');
  await expect(term.editorText).toHaveValue('1\n');
  await term.editorText.fill('nine');
  await page.getByTestId('vi-quit').click();
  await expect(term.editorStatus).toHaveText('E37: No write since last change (add ! to override)');
  await page.getByTestId('vi-save').click();
  await expect(term.editorStatus).toHaveText('"/proc/sys/net/ipv4/conf/all/arp_ignore" E514: write error: Invalid argument');
  await page.getByTestId('vi-discard').click();
  await term.run('node02', 'vi /nowhere/file.txt');
  await expect(term.editorStatus).toHaveText('"/nowhere/file.txt" [New DIRECTORY]');
  await term.editorText.fill('x');
  await page.getByTestId('vi-save-quit').click();
  await expect(term.editorStatus).toHaveText('"/nowhere/file.txt" E212: Can\'t open file for writing: No such file or directory');
  await lab.screenshot('terminal-vi-error');
  await page.getByTestId('vi-discard').click();
  await term.expectIdle('node02');
  expect(lab.errors).toEqual([]);
});

test('Tab completes commands from installed packages and paths from the host', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lvs-dr' });
  await term.focus('node01');
  await page.keyboard.type('ipvs');
  await page.keyboard.press('Tab');
  // ipvsadm, ipvsadm-restore and ipvsadm-save share "ipvsadm": the first Tab inserts it...
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}ipvsadm`);
  // ...the second lists the three, and the line comes back under the list.
  await page.keyboard.press('Tab');
  await term.expectText('node01', `${PROMPT}ipvsadm\nipvsadm          ipvsadm-restore  ipvsadm-save\n${PROMPT}ipvsadm`);
  await page.keyboard.type(' -Ln');
  await page.keyboard.press('Enter');
  await term.expectText('node01', 'TCP  192.168.150.100:80 rr\n  -> 192.168.150.12:80');
  await term.expectIdle('node01');
  // A unique match gets its space; a directory its slash.
  await page.keyboard.type('ifcon');
  await page.keyboard.press('Tab');
  await page.keyboard.type('eth0:2');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}ifconfig eth0:2`);
  await page.keyboard.press('Control+u');
  await page.keyboard.type('cat /etc/sysconfig/network-scr');
  await page.keyboard.press('Tab');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}cat /etc/sysconfig/network-scripts/`);
  await lab.screenshot('terminal-tab');
  // Tab twice on an empty line lists every command this host has, then the prompt again.
  await page.keyboard.press('Control+u');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await term.expectText('node01', `${PROMPT}\n`);
  await expect.poll(() => term.text('node01')).toMatch(/ifconfig +[^\n]*\n[\s\S]* ipvsadm-save /);
  await expect.poll(() => term.lastLine('node01')).toBe(PROMPT);
  // The client has no ipvsadm package: nothing completes there.
  await term.focus('client');
  await page.keyboard.type('ipvs');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => term.lastLine('client')).toBe('[root@client ~]# ipvs');
  expect(lab.errors).toEqual([]);
});

test('line editing, here-documents, typed-ahead lines, Ctrl-L, closing and reopening a tab', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lab-bare' });
  await term.focus('node01');
  // ←/→, Home/End, Backspace/Delete, Ctrl-A/E/K/W.
  await page.keyboard.type('echo wrld');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('o');
  await page.keyboard.press('Home');
  await page.keyboard.press('Delete');
  await page.keyboard.type('E');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('e');
  await page.keyboard.press('End');
  await page.keyboard.type(' extra words');
  await page.keyboard.press('Control+w');
  await page.keyboard.press('Backspace');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}echo world extra`);
  await page.keyboard.press('Control+w');
  await page.keyboard.press('Enter');
  await term.expectText('node01', `${PROMPT}echo world \nworld\n${PROMPT}`);

  // A here-document: continuation prompts until the delimiter, then one command.
  await page.keyboard.type('cat > /tmp/motd <<EOF');
  await page.keyboard.press('Enter');
  await expect.poll(() => term.lastLine('node01')).toBe('> ');
  await page.keyboard.type('Welcome to node01');
  await page.keyboard.press('Enter');
  await page.keyboard.type('EOF');
  await page.keyboard.press('Enter');
  await term.expectIdle('node01');
  await page.keyboard.type('cat /tmp/motd');
  await page.keyboard.press('Enter');
  await term.expectText('node01', `${PROMPT}cat > /tmp/motd <<EOF\n> Welcome to node01\n> EOF\n${PROMPT}cat /tmp/motd\nWelcome to node01\n${PROMPT}`);

  // Typed ahead while ping runs: the line runs when ping is done.
  await page.keyboard.type('ping -c 2 192.168.150.12');
  await page.keyboard.press('Enter');
  await page.keyboard.type('echo after');
  await page.keyboard.press('Enter');
  await term.expectText('node01', /2 packets transmitted[^\n]*\n[^\n]*\n\[root@node01 ~\]# echo after\nafter\n\[root@node01 ~\]# $/, { timeout: 15_000 });

  // A long output scrolls: the screen follows it to the prompt.
  await page.keyboard.type('seq 1 300');
  await page.keyboard.press('Enter');
  await term.expectText('node01', '\n299\n300\n[root@node01 ~]# ');
  await expect(term.view('node01').locator('.xterm-rows > div').last()).toHaveText(/^\[root@node01 ~\]#/);

  // Ctrl-L clears the screen but keeps the line being typed.
  await page.keyboard.type('hostname');
  await page.keyboard.press('Control+l');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}hostname`);
  await page.keyboard.press('Enter');
  await term.expectText('node01', `${PROMPT}hostname\nnode01\n`);
  await lab.screenshot('terminal-editing');

  // Closing the tab keeps the shell and its scrollback; reopening shows them.
  await page.getByTestId('term-close-node01').click();
  await expect(term.tab('node01')).toHaveCount(0);
  await term.show('node01');
  await term.expectText('node01', `${PROMPT}cat /tmp/motd\nWelcome to node01\n`);
  await term.expectText('node01', `${PROMPT}hostname\nnode01\n${PROMPT}`);
  expect(lab.errors).toEqual([]);
});

test('copy a selection with Ctrl-C, paste with Ctrl-Shift-V', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lab-bare' });
  await term.run('node01', 'hostname');
  await term.expectText('node01', 'node01\n');
  // Select a word of the output by double-clicking it, and copy: no ^C is sent.
  const clip = clipboard(page);
  await clip.write('');
  const screen = term.view('node01').locator('.xterm-screen');
  const box = (await screen.boundingBox())!;
  const rowH = box.height / (await term.view('node01').locator('.xterm-rows > div').count());
  await page.mouse.dblclick(box.x + 20, box.y + rowH * 1.5);
  await page.keyboard.press('Control+c');
  await expect.poll(() => clip.read()).toBe('node01');
  expect(await term.text('node01')).not.toContain('^C');
  // Paste: the text is typed at the prompt.
  await clip.write('echo pasted');
  await term.input('node01').focus();
  await page.keyboard.press('Control+Shift+v');
  await expect.poll(() => term.lastLine('node01')).toBe(`${PROMPT}echo pasted`);
  expect(lab.errors).toEqual([]);
});

test('keyboard and screen readers: named terminal, Shift+Tab leaves it, the editor is labelled; no serious axe findings', async ({ page }) => {
  const lab = new LabPage(page);
  const term = lab.terminal;
  await lab.open({ preset: 'lvs-dr' });
  await term.focus('node01');
  await expect(term.input('node01')).toHaveAccessibleName(/Terminal of node01/);
  await expect(page.getByRole('region', { name: 'Terminals' })).toBeVisible();
  // Tab completes inside the terminal; Shift+Tab moves the focus out of it.
  await page.keyboard.press('Shift+Tab');
  await expect(term.input('node01')).not.toBeFocused();
  // The tabs are buttons: Enter on one shows that host's terminal.
  await term.tab('client').locator('.term-tab-name').focus();
  await page.keyboard.press('Enter');
  await expect(term.tab('client')).toHaveAttribute('data-active', 'true');
  expect(await serious(page), 'terminals').toEqual([]);

  await term.run('client', 'vi /tmp/notes.txt');
  await expect(term.editorText).toBeFocused();
  await expect(term.editorText).toHaveAccessibleName('Contents of /tmp/notes.txt');
  await expect(page.getByRole('dialog', { name: /vi \/tmp\/notes\.txt/ })).toBeVisible();
  // Tab indents in the text; Shift+Tab reaches the buttons, which work from the keyboard.
  await page.keyboard.type('vrrp_instance VI_1 {');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('state MASTER');
  await expect(term.editorText).toHaveValue('vrrp_instance VI_1 {\n\tstate MASTER');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('vi-discard')).toBeFocused();
  expect(await serious(page), 'editor').toEqual([]);
  await page.getByTestId('vi-save-quit').focus();
  await page.keyboard.press('Enter');
  await expect(term.editor).toHaveCount(0);
  await term.run('client', 'cat /tmp/notes.txt');
  // The terminal shows the tab as spaces to the next tab stop.
  await term.expectText('client', 'vrrp_instance VI_1 {\n        state MASTER\n[root@client ~]# ');
  expect(lab.errors).toEqual([]);
});

/** WCAG A/AA and best-practice findings of serious or critical impact in the dock. */
async function serious(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="dock"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test.describe('without the offline cache', () => {
  // The service worker would serve the chunk from its cache, past the blocked route.
  test.use({ serviceWorkers: 'block' });

  test('if the terminal code cannot be loaded, the dock says so and can try again', async ({ page }) => {
    const lab = new LabPage(page);
    await page.route(/TerminalView-[^/]*\.js$/, (r) => r.abort());
    await lab.open({ preset: 'lab-bare' });
    const alert = lab.terminal.panel.getByRole('alert');
    await expect(alert).toContainText('could not be loaded');
    // The rest of the app goes on.
    await expect(lab.node('node01')).toBeVisible();
    await page.unroute(/TerminalView-[^/]*\.js$/);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(lab.terminal.view('client')).toBeVisible();
    await lab.terminal.run('client', 'hostname');
    await lab.terminal.expectText('client', 'client\n[root@client ~]# ');
  });
});

type ClipWindow = { navigator: { clipboard: { readText(): Promise<string>; writeText(s: string): Promise<void> } } };
/** The page's clipboard (permissions granted by the test). */
function clipboard(page: Page) {
  return {
    read: () => page.evaluate(() => (globalThis as unknown as ClipWindow).navigator.clipboard.readText()),
    write: (text: string) => page.evaluate((t) => (globalThis as unknown as ClipWindow).navigator.clipboard.writeText(t), text),
  };
}
