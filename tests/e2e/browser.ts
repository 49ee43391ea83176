// Headless Debian Chromium with WebGPU on SwiftShader (software Vulkan), so the tests need no GPU.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
];

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot as tests/e2e/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}

/** Collects console errors and uncaught page errors so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

export interface PageSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (collectErrors). */
  errors: string[];
}

/**
 * Registers a test file's hooks: one Chromium for the file, and a fresh context and page for every test
 * (`scope: 'test'`) or one for the whole file (`'file'`: IndexedDB then lives across its tests, like a user's
 * profile). `ready` receives them once open, for the file's own setup.
 */
export function usePage(scope: 'test' | 'file', ready: (s: PageSession) => void | Promise<void>, contextOptions: BrowserContextOptions = {}): void {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const open = async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 720 }, ...contextOptions });
    const page = await context.newPage();
    await ready({ browser: browser!, context, page, errors: collectErrors(page) });
  };
  const close = async () => {
    await context?.close();
    context = undefined;
  };
  beforeAll(async () => {
    browser = await launchBrowser();
    if (scope === 'file') await open();
  });
  afterAll(async () => {
    await close();
    await browser?.close();
  });
  if (scope === 'test') {
    beforeEach(open);
    afterEach(close);
  }
}

/**
 * Picks the engine in the Train view's settings (the Train view must be open). Tests about the WebGPU engine ask for
 * it: `auto` may take the wasm engine on a software adapter such as SwiftShader.
 */
export async function chooseEngine(page: Page, engine: 'auto' | 'webgpu' | 'wasm' | 'cpu'): Promise<void> {
  await page.getByTestId('engine-choice').selectOption(engine);
}
