import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { TEST_SETTINGS } from '../test-settings.js';

/** Debian's chromium (`apt-get install -y chromium`); never a downloaded browser. */
export const CHROMIUM = TEST_SETTINGS.chromiumPath;

/** Launch flags, shared with the benchmarks and the screenshot script (chromium-flags.json). */
export const CHROMIUM_FLAGS = JSON.parse(
  readFileSync(new URL('./chromium-flags.json', import.meta.url), 'utf8'),
) as string[];

/**
 * Headless chromium with the flags this machine needs: no sandbox (root), no GPU, and no
 * background networking (the closed network refuses it). Playwright gives every launch a fresh,
 * empty profile of its own.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}
