import { expect, type Locator, type Page } from '@playwright/test';

/** One row of the per-hop diff, as its data attributes say. */
export interface DiffRow {
  path: string;
  status: string;
  old: string;
  new: string;
}

/** The right-hand inspector: the packet view (per-hop diff, path, layers, bytes) and a node's live tables. */
export class InspectorPanel {
  constructor(readonly page: Page) {}

  get packet(): Locator {
    return this.page.getByTestId('inspector-packet');
  }
  get diff(): Locator {
    return this.page.getByTestId('hop-diff');
  }
  get diffSummary(): Locator {
    return this.page.getByTestId('diff-summary');
  }
  get path(): Locator {
    return this.page.getByTestId('packet-path');
  }
  pathStep(node: string): Locator {
    return this.page.locator(`[data-testid="path-step"][data-node="${node}"]`);
  }
  get layers(): Locator {
    return this.page.getByTestId('layer-tree');
  }
  field(path: string): Locator {
    return this.page.locator(`[data-testid="field"][data-path="${path}"]`);
  }
  get hexdump(): Locator {
    return this.page.getByTestId('hexdump');
  }
  table(testId: string): Locator {
    return this.page.getByTestId(testId);
  }
  rows(testId: string): Locator {
    return this.page.locator(`[data-testid="${testId}"] tbody tr`);
  }

  /** Wait until the packet view shows frame `seq` (or any frame) with its diff. */
  async ready(): Promise<void> {
    await expect(this.packet).toHaveAttribute('data-ready', '1');
  }

  /** Every diff row shown, by field path. */
  async diffRows(): Promise<Record<string, DiffRow>> {
    const rows = await this.page.locator('[data-testid="diff-row"]').evaluateAll((els) =>
      (els as unknown as Array<{ getAttribute(name: string): string | null }>).map((e) => ({ path: e.getAttribute('data-path')!, status: e.getAttribute('data-status')!, old: e.getAttribute('data-old')!, new: e.getAttribute('data-new')! })),
    );
    return Object.fromEntries(rows.map((r) => [r.path, r]));
  }
}
