import { describeWait } from '@lib/retry-after'
import { ErrorCode } from '@lib/error-codes'
import { authErrorMessage, NETWORK_ERROR_MESSAGE } from '~/auth/auth-error-message'
import type { SignInReason } from '~/auth/sign-in-reason'
import { NETWORK_FAILURE, type AuthFailure } from '~/auth/auth-request'

const tryAgain = (retryAfterS: number | undefined) =>
  retryAfterS ? `Try again in ${describeWait(retryAfterS)}.` : 'Wait a few minutes, then try again.'

// Better Auth's own codes are written out, as in auth-error-message.ts; Gatehouse's come from lib/error-codes.ts.
const messagesByCode: Record<string, string> = {
  INVALID_CODE: 'That code is not right. Enter the code your authenticator app shows now.',
  [ErrorCode.TotpReplayed]: 'This code was already used. Wait for the next code in your authenticator app.',
  INVALID_BACKUP_CODE: 'That backup code is not right, or it has already been used.',
  [ErrorCode.InvalidPassword]: 'That password is not right.',
  [ErrorCode.TwoFactorNotEnabled]: 'Two-factor authentication is not on for this account.',
  TOTP_NOT_ENABLED: 'Two-factor authentication is not on for this account.',
  [ErrorCode.TwoFactorAlreadyEnabled]: 'Two-factor authentication is already on. To move to a new app, choose “Replace authenticator app”.',
  [ErrorCode.TwoFactorCodeRequired]: 'Enter a code from your authenticator app or one of your backup codes.',
  [ErrorCode.InvalidTwoFactorCode]: 'That code is not right. Enter the code your app shows now, or an unused backup code.',
  [ErrorCode.StepUpRequired]: 'Enter your password again to see your backup codes.',
  UNAUTHORIZED: 'Your session has ended. Sign in again to continue.',
  [NETWORK_FAILURE]: NETWORK_ERROR_MESSAGE,
}

/** Words for a failed two-factor request, chosen by code and status: never by the message text. */
export function twoFactorErrorMessage(failure: AuthFailure): string {
  if (failure.code === ErrorCode.TwoFactorLocked) {
    return `Too many wrong codes, so two-factor sign-in is locked for now. ${tryAgain(failure.retryAfterS)}`
  }
  const byCode = failure.code ? messagesByCode[failure.code] : undefined
  if (byCode) return byCode
  if (failure.status === 429) return `Too many attempts. ${tryAgain(failure.retryAfterS)}`
  return authErrorMessage(failure)
}

/** Codes that are about the code someone typed, shown next to the field rather than above the form. */
export function isWrongCode(failure: AuthFailure): boolean {
  return failure.code === 'INVALID_CODE' || failure.code === 'INVALID_BACKUP_CODE' || failure.code === ErrorCode.TotpReplayed
}

/** A sign-in challenge that can no longer succeed: the person has to sign in again, and is told why. */
export function challengeEndedReason(failure: AuthFailure): SignInReason | null {
  if (failure.code === 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE') return 'too-many-attempts'
  if (failure.code === 'INVALID_TWO_FACTOR_COOKIE') return 'challenge-expired'
  return null
}
