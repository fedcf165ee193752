import { describe, expect, it } from 'vitest'
import { DEFAULT_AFTER_SIGN_IN, safeRedirect } from './safe-redirect'
import { HOSTILE_REDIRECTS } from '../tests/support/hostile-redirects'

// What a browser does with a Location header: resolve it against the page, dropping tabs and newlines.
const BROWSER_PAGE = 'https://gatehouse.example/sign-in'
const landsOn = (location: string) => new URL(location, BROWSER_PAGE)

describe('safeRedirect', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/settings?tab=security#two-factor', '/settings?tab=security#two-factor'],
    ['/', '/'],
    ['/a/../dashboard', '/dashboard'],
    ['/settings/./security', '/settings/security'],
    ['/dashboard?next=//evil.com', '/dashboard?next=//evil.com'],
  ])('keeps the same-site path %s', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected)
  })

  it(`has a corpus of at least 50 hostile values (${HOSTILE_REDIRECTS.length})`, () => {
    expect(new Set(HOSTILE_REDIRECTS).size).toBeGreaterThanOrEqual(50)
  })

  it.each(HOSTILE_REDIRECTS.map((value) => [JSON.stringify(value), value]))(
    'never leaves the site for %s',
    (_name, target) => {
      const result = safeRedirect(target)
      // A single leading slash and nothing a browser would read as one more.
      expect(result).toMatch(/^\/(?![/\\])/)
      expect(landsOn(result).origin).toBe(new URL(BROWSER_PAGE).origin)
      // The router decodes the path it is given; a path that cannot be decoded would be a 500.
      expect(() => decodeURI(result)).not.toThrow()
      expect(decodeURIComponent(landsOn(result).pathname)).not.toMatch(/^\/[/\\]/)
      // eslint-disable-next-line no-control-regex -- the point is to find them
      expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/)
    },
  )

  it('falls back when there is no redirect at all', () => {
    expect(safeRedirect(undefined)).toBe(DEFAULT_AFTER_SIGN_IN)
    expect(safeRedirect(['/dashboard'])).toBe(DEFAULT_AFTER_SIGN_IN)
  })

  it('uses the fallback it is given', () => {
    expect(safeRedirect('//evil.com', '/')).toBe('/')
  })
})
