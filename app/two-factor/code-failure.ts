import { ErrorCode } from '@lib/error-codes'
import type { SignInReason } from '~/auth/sign-in-reason'
import type { AuthFailure } from '~/auth/auth-request'

/** Codes that are about the code someone typed, shown next to the field rather than above the form. */
export function isWrongCode(failure: AuthFailure): boolean {
  return (
    failure.code === 'INVALID_CODE' || failure.code === 'INVALID_BACKUP_CODE' || failure.code === ErrorCode.TotpReplayed
  )
}

/** A sign-in challenge that can no longer succeed: the person has to sign in again, and is told why. */
export function challengeEndedReason(failure: AuthFailure): SignInReason | null {
  if (failure.code === 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE') return 'too-many-attempts'
  if (failure.code === 'INVALID_TWO_FACTOR_COOKIE') return 'challenge-expired'
  return null
}
