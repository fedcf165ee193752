import { describe, expect, it } from 'vitest'
import { describeWait, readRetryAfterS } from './retry-after'

describe('readRetryAfterS', () => {
  it("reads Better Auth's rate-limit header, in seconds", () => {
    expect(readRetryAfterS(new Headers({ 'X-Retry-After': '42' }))).toBe(42)
  })

  it('prefers the standard header when both are present', () => {
    expect(readRetryAfterS(new Headers({ 'Retry-After': '900', 'X-Retry-After': '42' }))).toBe(900)
  })

  it('turns an HTTP date into the seconds left, rounded up', () => {
    const nowMs = Date.UTC(2026, 10, 27, 12, 0, 0, 500)
    expect(readRetryAfterS(new Headers({ 'Retry-After': 'Fri, 27 Nov 2026 12:01:00 GMT' }), nowMs)).toBe(60)
  })

  it('never asks for less than a second, so a message never says "0 seconds"', () => {
    expect(readRetryAfterS(new Headers({ 'X-Retry-After': '0' }))).toBe(1)
    const nowMs = Date.UTC(2026, 10, 27, 12, 5, 0)
    expect(readRetryAfterS(new Headers({ 'Retry-After': 'Fri, 27 Nov 2026 12:00:00 GMT' }), nowMs)).toBe(1)
  })

  it.each([
    ['no header', {}],
    ['a negative number', { 'X-Retry-After': '-5' }],
    ['words', { 'Retry-After': 'soon' }],
    ['an empty value', { 'Retry-After': ' ' }],
  ])('is undefined for %s', (_name, headers) => {
    expect(readRetryAfterS(new Headers(headers))).toBeUndefined()
  })
})

describe('describeWait', () => {
  it('seconds below two minutes, whole minutes rounded up from there', () => {
    expect(describeWait(1)).toBe('1 second')
    expect(describeWait(119)).toBe('119 seconds')
    expect(describeWait(120)).toBe('2 minutes')
    expect(describeWait(121)).toBe('3 minutes')
    expect(describeWait(900)).toBe('15 minutes')
  })
})
