/** Headless Debian Chromium for the browser check, installed with apt-get where that is possible. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackages } from '../../kernel-helpers/src/jupyter/environment';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  ensureDebianPackages(['chromium'], 'Chromium', () => existsSync(CHROMIUM));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}
