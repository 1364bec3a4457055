import { expect, type Locator, type Page } from '@playwright/test';
import type { LvslabTestHooks } from '../../src/ui/testhooks-types';

type HookWindow = { __lvslab: LvslabTestHooks };

/**
 * The dock's terminals: a tab per host, an xterm screen (read through the
 * `terminalText` test hook, not the canvas renderer) and the vi editor.
 */
export class TerminalPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('terminals');
  }
  tab(node: string): Locator {
    return this.page.getByTestId(`term-tab-${node}`);
  }
  view(node: string): Locator {
    return this.page.getByTestId(`terminal-${node}`);
  }
  input(node: string): Locator {
    return this.view(node).getByTestId('terminal-input');
  }
  get editor(): Locator {
    return this.page.getByTestId('vi-editor');
  }
  get editorText(): Locator {
    return this.page.getByTestId('vi-text');
  }
  get editorStatus(): Locator {
    return this.page.getByTestId('vi-status');
  }

  /** Show a host's terminal (its tab, or the "+ terminal" picker) and wait for the screen. */
  async show(node: string): Promise<void> {
    if (await this.tab(node).count()) await this.tab(node).locator('.term-tab-name').click();
    else await this.page.getByTestId('term-open').selectOption(node);
    await expect(this.view(node)).toBeVisible();
    await expect(this.input(node)).toBeAttached();
  }

  /** Give a host's terminal the keyboard. */
  async focus(node: string): Promise<void> {
    await this.show(node);
    await this.input(node).focus();
  }

  /** Type a line and press Enter, as a person would. */
  async run(node: string, line: string): Promise<void> {
    await this.focus(node);
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /** What the terminal shows (scrollback and screen, wrapped rows joined). */
  async text(node: string): Promise<string> {
    return (await this.page.evaluate((n) => (globalThis as unknown as HookWindow).__lvslab.terminalText(n), node)) ?? '';
  }

  /** The last line on the screen (the prompt and what is typed after it). */
  async lastLine(node: string): Promise<string> {
    return (await this.text(node)).split('\n').at(-1) ?? '';
  }

  async expectText(node: string, text: string | RegExp, opts: { timeout?: number } = {}): Promise<void> {
    await expect
      .poll(() => this.text(node), { timeout: opts.timeout ?? 10_000, intervals: [50, 100, 250] })
      [typeof text === 'string' ? 'toContain' : 'toMatch'](text as string & RegExp);
  }

  /** Wait until the host's shell is back at its prompt (nothing running). */
  async expectIdle(node: string, opts: { timeout?: number } = {}): Promise<void> {
    await expect(this.tab(node)).toHaveAttribute('data-running', 'false', { timeout: opts.timeout ?? 10_000 });
  }
}
