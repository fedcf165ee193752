import { ErrorCode } from '@lib/error-codes'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import { BACKEND_UNAVAILABLE } from './backend-unavailable'

/** The error Better Auth's client returns (and what our proxy answers when Convex is down). */
export interface AuthClientError {
  status: number
  code?: string
}

const messagesByCode: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'That email and password do not match an account.',
  USER_ALREADY_EXISTS: 'An account with this email already exists. Sign in instead.',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'An account with this email already exists. Sign in instead.',
  INVALID_EMAIL: 'Enter a valid email address.',
  EMAIL_NOT_VERIFIED: 'Verify your email address before you sign in: open the link we emailed you.',
  [ErrorCode.EmailTooLong]: 'That email address is too long.',
  [ErrorCode.AccountSignInLocked]:
    'Too many wrong passwords were entered for this account, so sign-in from new devices is paused. Sign in on a device you used before, try again later, or reset your password.',
  PASSWORD_TOO_SHORT: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
  PASSWORD_TOO_LONG: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
  [BACKEND_UNAVAILABLE]: 'The account service cannot be reached right now. Please try again in a moment.',
}

/** Words for a failed auth request, chosen by code and status: never by the message text. */
export function authErrorMessage(error: AuthClientError): string {
  const byCode = error.code ? messagesByCode[error.code] : undefined
  if (byCode) return byCode
  if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.'
  if (error.status >= 500) return 'The account service had a problem. Please try again in a moment.'
  return 'That did not work. Please check what you entered and try again.'
}

/** When the request itself failed: this app's server could not be reached at all. */
export const NETWORK_ERROR_MESSAGE = 'Gatehouse could not be reached. Check your connection and try again.'
