import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../lib/error-codes'
import { NETWORK_FAILURE } from '../../app/auth/auth-request'
import { errorMessage } from '../../app/components/error-messages'

const GENERIC = errorMessage({ status: 400 })

describe('errorMessage', () => {
  it('has its own words for every Gatehouse code', () => {
    for (const code of Object.values(ErrorCode)) expect(errorMessage({ status: 400, code }), code).not.toBe(GENERIC)
  })

  it('names the wait a 429 asks for, and says something true when it does not say', () => {
    expect(errorMessage({ status: 429, retryAfterS: 42 })).toBe('Too many attempts. Try again in 42 seconds.')
    expect(errorMessage({ status: 429, retryAfterS: 600 })).toBe('Too many attempts. Try again in 10 minutes.')
    expect(errorMessage({ status: 429 })).toBe('Too many attempts. Wait a minute, then try again.')
  })

  it('words a lockout and a weak password from what the failure carries', () => {
    expect(errorMessage({ status: 429, code: ErrorCode.TwoFactorLocked, retryAfterS: 900 })).toBe(
      'Too many wrong codes, so two-factor sign-in is locked for now. Try again in 15 minutes.',
    )
    expect(errorMessage({ status: 400, code: ErrorCode.PasswordTooWeak, reason: 'It is a common word.' })).toBe(
      'This password is too easy to guess. It is a common word. A few unrelated words make a strong one.',
    )
  })

  it('chooses by code before status, and by status for codes it does not know', () => {
    expect(errorMessage({ status: 0, code: NETWORK_FAILURE })).toMatch(/could not be reached/)
    expect(errorMessage({ status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' })).toBe(
      'That email and password do not match an account.',
    )
    expect(errorMessage({ status: 503, code: 'FAILED_TO_GET_SESSION' })).toMatch(/had a problem/)
    // A name on Object.prototype is not a code with words.
    expect(errorMessage({ status: 400, code: 'toString' as never })).toBe(GENERIC)
  })
})
