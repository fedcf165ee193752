import { describeWait } from '@lib/retry-after'
import { ErrorCode } from '@lib/error-codes'
import { authErrorMessage, NETWORK_ERROR_MESSAGE } from '~/auth/auth-error-message'
import { NETWORK_FAILURE, type AuthFailure } from '~/auth/auth-request'

// Better Auth's own codes are written out, as in auth-error-message.ts; Gatehouse's come from lib/error-codes.ts.
const messagesByCode: Record<string, string> = {
  [ErrorCode.InvalidPassword]: 'That password is not right.',
  INVALID_TOKEN: 'This link is not valid any more: it has expired or was already used.',
  EMAIL_ALREADY_VERIFIED: 'Your email address is already verified. Reload the page.',
  [ErrorCode.SessionNotFresh]: 'Enter your password again to continue.',
  [ErrorCode.SessionNotFound]: 'That session has already ended.',
  [ErrorCode.Unauthenticated]: 'Your session has ended. Sign in again to continue.',
  UNAUTHORIZED: 'Your session has ended. Sign in again to continue.',
  [ErrorCode.InvalidEmail]: 'Enter an email address like name@example.com.',
  [ErrorCode.EmailUnchanged]: 'That is already your email address.',
  [ErrorCode.LinkInvalid]: 'This link is not valid. Use the newest link you were emailed.',
  [ErrorCode.LinkExpired]: 'This link has expired.',
  [ErrorCode.LinkUsed]: 'This link was already used.',
  [ErrorCode.EmailTaken]: 'That address now belongs to another account, so nothing changed.',
  [ErrorCode.TooManyEmails]: 'Too many emails were sent for this account. Try again in an hour.',
  [NETWORK_FAILURE]: NETWORK_ERROR_MESSAGE,
}

/** Words for a failed account request, chosen by code and status: never by the message text. */
export function accountErrorMessage(failure: AuthFailure): string {
  const byCode = failure.code ? messagesByCode[failure.code] : undefined
  if (byCode) return byCode
  if (failure.status === 429) {
    const wait = failure.retryAfterS ? `in ${describeWait(failure.retryAfterS)}` : 'in a minute'
    return `Too many attempts. Try again ${wait}.`
  }
  return authErrorMessage(failure)
}
