/**
 * Where to send someone after signing in, taken from a `?redirect=` the visitor (or an attacker) controls.
 * Only a path on this site is accepted; anything that a browser could resolve to another origin falls back.
 */
export const DEFAULT_AFTER_SIGN_IN = '/dashboard'

// Any origin would do: a same-site path resolves against it and keeps it, anything else does not.
const PROBE_ORIGIN = 'https://gatehouse.invalid'

export function safeRedirect(target: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof target !== 'string' || !target.startsWith('/')) return fallback
  // Browsers treat `\` like `/` and drop tabs and newlines, so `/\evil.com` or `/\t/evil.com` mean `//evil.com`.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(target) || target.startsWith('//')) return fallback
  let resolved: URL
  try {
    resolved = new URL(target, PROBE_ORIGIN)
  } catch {
    return fallback
  }
  if (resolved.origin !== PROBE_ORIGIN) return fallback
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
