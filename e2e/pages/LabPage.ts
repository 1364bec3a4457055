import { expect, type Locator, type Page } from '@playwright/test';
import type { LvslabState, LvslabTestHooks } from '../../src/ui/testhooks-types';
import { TerminalPanel } from './TerminalPanel';

type HookWindow = { __lvslab: LvslabTestHooks };

/** The lab screen, as tests drive it: stable test ids and state attributes only. */
export class LabPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  async open(opts: { preset?: string } = {}): Promise<void> {
    await this.page.goto(`./?testhooks=1${opts.preset ? `&preset=${opts.preset}` : ''}`);
    await expect(this.app).toHaveAttribute('data-state', 'ready');
    await expect(this.canvas).not.toHaveAttribute('data-count', '0');
  }

  get app(): Locator {
    return this.page.getByTestId('app');
  }
  get canvas(): Locator {
    return this.page.getByTestId('canvas');
  }
  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }
  handle(node: string, iface: string): Locator {
    return this.page.getByTestId(`handle-${node}-${iface}`);
  }
  cable(id: string): Locator {
    return this.page.getByTestId(`cable-${id}`);
  }
  get cables(): Locator {
    return this.page.locator('[data-testid^="cable-"]');
  }
  get play(): Locator {
    return this.page.getByTestId('play-button');
  }
  get step(): Locator {
    return this.page.getByTestId('step-button');
  }
  get clock(): Locator {
    return this.page.getByTestId('clock');
  }
  /** The dock's terminals (xterm), one per host. */
  get terminal(): TerminalPanel {
    return (this._terminal ??= new TerminalPanel(this.page));
  }
  private _terminal?: TerminalPanel;
  /** Wait until a host's terminal shows `text` (polling the terminal's buffer). */
  async expectTerminal(node: string, text: string | RegExp, opts: { timeout?: number } = {}): Promise<void> {
    await this.terminal.expectText(node, text, opts);
  }
  get packetLayer(): Locator {
    return this.page.getByTestId('packet-layer');
  }
  /** Envelopes drawn in the last animation frame (the layer is a canvas: read through the test hook). */
  async envelopes(kind?: string): Promise<Array<{ seq: number; pid: number; kind: string; tcpFlags?: string; x: number; y: number }>> {
    const all = await this.page.evaluate(() => (globalThis as unknown as HookWindow).__lvslab.envelopes());
    return kind ? all.filter((e) => e.kind === kind) : all;
  }
  get packetLog(): Locator {
    return this.page.getByTestId('packet-log');
  }
  packetRows(kind?: string): Locator {
    return this.page.locator(`[data-testid="packet-row"]${kind ? `[data-kind="${kind}"]` : ''}`);
  }
  get inspector(): Locator {
    return this.page.getByTestId('inspector');
  }
  get arpTable(): Locator {
    return this.page.getByTestId('arp-table');
  }
  get undo(): Locator {
    return this.page.getByTestId('undo-button');
  }
  get redo(): Locator {
    return this.page.getByTestId('redo-button');
  }
  get crashBanner(): Locator {
    return this.page.getByTestId('crash-banner');
  }
  get notice(): Locator {
    return this.page.getByTestId('notice');
  }

  /** The test hooks' view of the session. */
  state(): Promise<LvslabState> {
    return this.page.evaluate(() => (globalThis as unknown as HookWindow).__lvslab.state());
  }

  /** Run virtual time forward without waiting for it. */
  async advance(seconds: number): Promise<void> {
    await this.page.evaluate((s) => (globalThis as unknown as HookWindow).__lvslab.advance(s), seconds);
  }

  async crash(how: 'throw' | 'fatal'): Promise<void> {
    await this.page.evaluate((h) => (globalThis as unknown as HookWindow).__lvslab.crash(h), how);
  }

  /** Type a command line into a host's terminal (keys into its xterm, then Enter). */
  async type(node: string, line: string): Promise<void> {
    await this.terminal.run(node, line);
  }

  async select(node: string): Promise<void> {
    await this.node(node).locator('.node-head').click();
    await expect(this.page.getByTestId('inspector-node')).toHaveAttribute('data-node', node);
  }

  /** Drag a node kind from the palette onto the canvas at (x, y) relative to the canvas. */
  async dragFromPalette(kind: 'host' | 'router' | 'switch', x: number, y: number): Promise<void> {
    await this.page.getByTestId(`palette-${kind}`).dragTo(this.canvas, { targetPosition: { x, y } });
  }

  /** Lay a cable by dragging from one port handle to another with the mouse. */
  async connect(from: Locator, to: Locator): Promise<void> {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('handle not visible');
    const m = this.page.mouse;
    await m.move(a.x + a.width / 2, a.y + a.height / 2);
    await m.down();
    for (let i = 1; i <= 12; i++) await m.move(a.x + a.width / 2 + ((b.x - a.x) * i) / 12, a.y + a.height / 2 + ((b.y - a.y) * i) / 12);
    await m.move(b.x + b.width / 2, b.y + b.height / 2);
    await m.up();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }
}
