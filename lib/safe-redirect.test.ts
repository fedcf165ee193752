import { describe, expect, it } from 'vitest'
import { DEFAULT_AFTER_SIGN_IN, safeRedirect } from './safe-redirect'

describe('safeRedirect', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/settings?tab=security#two-factor', '/settings?tab=security#two-factor'],
    ['/', '/'],
    ['/a/../dashboard', '/dashboard'],
  ])('keeps the same-site path %s', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected)
  })

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with a path', '//evil.com/dashboard'],
    ['absolute http', 'https://evil.com'],
    ['absolute with our path', 'https://evil.com/dashboard'],
    ['backslash after slash', '/\\evil.com'],
    ['backslashes only', '\\\\evil.com'],
    ['slash then backslash then slash', '/\\/evil.com'],
    ['tab inside the slashes', '/\t/evil.com'],
    ['newline inside the slashes', '/\n/evil.com'],
    ['javascript URL', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,hi'],
    ['relative without a slash', 'dashboard'],
    ['empty', ''],
    ['whitespace before slashes', ' //evil.com'],
  ])('falls back for %s', (_name, target) => {
    expect(safeRedirect(target)).toBe(DEFAULT_AFTER_SIGN_IN)
  })

  it('falls back when there is no redirect at all', () => {
    expect(safeRedirect(undefined)).toBe(DEFAULT_AFTER_SIGN_IN)
    expect(safeRedirect(['/dashboard'])).toBe(DEFAULT_AFTER_SIGN_IN)
  })

  it('uses the fallback it is given', () => {
    expect(safeRedirect('//evil.com', '/')).toBe('/')
  })
})
