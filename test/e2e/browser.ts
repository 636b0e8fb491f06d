import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ROOTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. Never downloads a browser. */
export function browserSkipReason(): string | null {
  if (!existsSync(CHROMIUM_PATH)) {
    return `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium: apt-get install -y chromium)`;
  }
  if (!existsSync(new URL('../../web/dist/index.html', import.meta.url))) {
    return 'the web UI is not built (run npm run build)';
  }
  return null;
}

/** Launches Debian's Chromium headless, sandbox off (containers), without background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
