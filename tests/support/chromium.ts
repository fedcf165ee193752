/**
 * How every tool here starts Debian's Chromium (browser tests, the bench): never a downloaded browser.
 * The machine reaches no network beyond loopback, so everything that phones home is switched off;
 * otherwise Chromium floods the closed network with refused connections.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
