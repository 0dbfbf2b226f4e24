import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const run = promisify(execFile);
const REPOSITORY = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium (CI installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds the dashboard's web app (and the SDK bundle it loads) where the gateway serves it from: auditor/dist/web. */
export async function buildDashboardWeb(): Promise<void> {
  await run(process.execPath, ['--require', 'tsx/cjs', path.join(REPOSITORY, 'auditor', 'web', 'build.ts')], { cwd: REPOSITORY, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPOSITORY, 'tsconfig.base.json') } });
}

/** Headless Chromium with one page at the dashboard; downloads allowed. */
export class DashboardBrowser {
  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly consoleErrors: string[],
  ) {}

  static async open(dashboardUrl: string): Promise<DashboardBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(dashboardUrl);
    return new DashboardBrowser(browser, context, page, consoleErrors);
  }

  async logInWithPrivateKey(privateKey: string): Promise<void> {
    await this.page.fill('#login-private-key', privateKey);
    await this.page.click('#login-key-submit');
  }

  async logInWithKeyFile(name: string, content: string, password: string): Promise<void> {
    await this.page.setInputFiles('#login-file', { name, mimeType: 'application/json', buffer: Buffer.from(content, 'utf8') });
    await this.page.fill('#login-password', password);
    await this.page.click('#login-file-submit');
  }

  async search(query: string, kind = 'auto'): Promise<void> {
    await this.page.selectOption('#search-kind', kind);
    await this.page.fill('#search-input', query);
    await this.page.press('#search-input', 'Enter');
  }

  /** txIDs of the trail entries on screen, in screen order (newest first). */
  async trailTxIds(): Promise<string[]> {
    return this.page.$$eval('#trail li.tx', (items) => items.map((item) => item.getAttribute('data-tx-id') ?? ''));
  }

  /** Clicks a download link and returns the downloaded bytes and suggested file name. */
  async download(selector: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.click(selector)]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
