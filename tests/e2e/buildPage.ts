// The Build view's e2e setup, shared by its test files: a fresh page per test, opened on the default network once
// the header's status chip has settled (so nothing shifts under a drag), and the stack read from the cards.
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { usePage, type PageSession } from './browser.ts';

/** Registers the hooks; `ready` gets each test's page and error list once the Build view is up. */
export function useBuildPage(ready: (s: PageSession) => void): void {
  const baseUrl = inject('baseUrl');
  usePage('test', async (s) => {
    ready(s);
    await s.page.goto(`${baseUrl}/`);
    await s.page.getByTestId('network-name').waitFor();
    await expect.poll(() => s.page.getByTestId('gpu-status').textContent(), { timeout: 30_000 }).not.toMatch(/^Checking/);
  });
}

/** The stack's layer types, from the cards' accessible names ("Layer 1 conv2d, output …"). */
export function layerTypes(page: Page): Promise<string[]> {
  return page.getByTestId('layer-card').evaluateAll((els) => els.map((e) => /^Layer \d+ (\w+),/.exec(e.getAttribute('aria-label')!)![1]!));
}
