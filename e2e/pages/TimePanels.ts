import { expect, type Locator, type Page } from '@playwright/test';
import type { LvslabTestHooks } from '../../src/ui/testhooks-types';

type HookWindow = { __lvslab: LvslabTestHooks };

/**
 * The time tools: the dock's Timeline and Ladder tabs, the rewind slider next
 * to the clock, and the language switch. Stable test ids and data attributes only.
 */
export class TimePanels {
  constructor(readonly page: Page) {}

  /** Pause by hand (play, then pause): typing no longer starts the clock, so only `advance` moves it. */
  async holdClock(): Promise<void> {
    const play = this.page.getByTestId('play-button');
    await play.click();
    await expect(play).toHaveAttribute('data-state', 'playing');
    await play.click();
    await expect(play).toHaveAttribute('data-state', 'paused');
  }

  /** Type a line into a host's shell through the test hook (no terminal needed on screen). */
  async typeNow(node: string, line: string): Promise<void> {
    await this.page.evaluate(([n, l]) => (globalThis as unknown as HookWindow).__lvslab.type(n, l), [node, line] as const);
  }

  tab(id: 'frames' | 'timeline' | 'ladder'): Locator {
    return this.page.getByTestId(`tab-${id}`);
  }
  async open(id: 'frames' | 'timeline' | 'ladder'): Promise<void> {
    await this.tab(id).click();
    await expect(this.tab(id)).toHaveAttribute('aria-selected', 'true');
  }

  // Timeline
  get timeline(): Locator {
    return this.page.getByTestId('timeline');
  }
  get rows(): Locator {
    return this.page.getByTestId('tl-row');
  }
  /** Entries passing the filters (the list is virtual: only those in view are rows). */
  async shown(): Promise<number> {
    return Number(await this.timeline.getAttribute('data-count'));
  }
  async total(): Promise<number> {
    return Number(await this.timeline.getAttribute('data-total'));
  }
  async filterNode(node: string): Promise<void> {
    await this.page.getByTestId('tl-node').selectOption(node);
  }
  async filterKind(kind: '' | 'packet' | 'drop' | 'state'): Promise<void> {
    await this.page.getByTestId('tl-kind').selectOption(kind);
  }
  async search(text: string): Promise<void> {
    await this.page.getByTestId('tl-search').fill(text);
  }

  // Ladder
  get ladder(): Locator {
    return this.page.getByTestId('ladder');
  }
  get arrows(): Locator {
    return this.page.getByTestId('ladder-arrow');
  }
  async arrowLabels(): Promise<string[]> {
    return this.arrows.evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-label') ?? ''));
  }
  async columns(): Promise<string[]> {
    return this.page.getByTestId('ladder-column').allTextContents();
  }

  // Rewind
  get scrubber(): Locator {
    return this.page.getByTestId('scrubber');
  }
  get rewound(): Locator {
    return this.page.getByTestId('scrub-rewound');
  }
  /** Move the slider with the keyboard (Home: the start, End: the latest moment) and wait for the replay. */
  async scrubKey(key: 'Home' | 'End' | 'PageDown' | 'PageUp'): Promise<void> {
    await this.scrubber.focus();
    await this.scrubber.press(key);
    await expect(this.scrubber).toHaveAttribute('data-seeking', '0');
  }

  // Language
  async language(lang: 'en' | 'zh'): Promise<void> {
    await this.page.getByTestId(`lang-${lang}`).click();
    await expect(this.page.getByTestId('language-switch')).toHaveAttribute('data-lang', lang);
  }
}
