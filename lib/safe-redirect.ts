/**
 * Where to send someone after signing in, taken from a `?redirect=` the visitor (or an attacker) controls.
 * Only a path on this site is accepted; anything that a browser could resolve to another origin falls back.
 * The value is first normalized the way a browser and the router will read it, and only then judged.
 */
export const DEFAULT_AFTER_SIGN_IN = '/dashboard'

// Any origin would do: a same-site path resolves against it and keeps it, anything else does not.
const PROBE_ORIGIN = 'https://gatehouse.invalid'

// Browsers drop tabs and newlines anywhere in a URL and read `\` as `/`.
const BROWSER_DROPPED = /[\t\n\r]/g
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/
const TWO_SLASHES = /^[/\\]{2}/

function decodes(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

export function safeRedirect(target: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof target !== 'string') return fallback
  const normalized = target.replace(BROWSER_DROPPED, '').replace(/\\/g, '/')
  if (!normalized.startsWith('/') || TWO_SLASHES.test(normalized) || CONTROL_OR_BACKSLASH.test(normalized))
    return fallback
  let resolved: URL
  try {
    resolved = new URL(normalized, PROBE_ORIGIN)
  } catch {
    return fallback
  }
  if (resolved.origin !== PROBE_ORIGIN) return fallback
  // Dot segments are gone now, so `/.//evil.com` shows as `//evil.com`; encoded `%2f`, `%5c` and `%09` show once decoded,
  // which is what the router does with the path. A path that cannot be decoded would fail the page load.
  const decoded = decodes(resolved.pathname)
  if (decoded === null || TWO_SLASHES.test(decoded) || CONTROL_OR_BACKSLASH.test(decoded)) return fallback
  if (decodes(resolved.search) === null || decodes(resolved.hash) === null) return fallback
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
