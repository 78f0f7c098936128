/**
 * Debian's chromium driven by playwright-core for the browser tests (never a downloaded browser).
 * Skipped with a loud notice where chromium is missing; under CI (`CI=true`, where .ci/run
 * installs it) a missing chromium fails the run instead. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The flags this workplace's closed network needs (no background connections, no first-run). */
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } } as const;

export async function launchChromium(context: Mocha.Context): Promise<Browser | undefined> {
  if (!existsSync(executablePath)) {
    if (process.env['CI'] === 'true')
      throw new Error(`chromium is required under CI (.ci/run installs it): ${executablePath} is missing`);
    process.stderr.write(
      `\n  !!! chromium is not installed (${executablePath}): the browser tests are SKIPPED`
        + ' (apt-get install chromium, or run .ci/run)\n',
    );
    context.skip();
    return undefined;
  }
  return chromium.launch({ executablePath, args, headless: true });
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join('test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
