import { ErrorCode } from '@lib/error-codes'
import { PASSKEY_NAME_MAX_LENGTH } from '@lib/policy'
import { accountErrorMessage } from '~/account/account-error-message'
import type { AuthFailure } from '~/auth/auth-request'

const CANCELLED = 'The passkey prompt was closed or timed out. Try again when you are ready.'

// The passkey plugin's codes, and those of the browser's WebAuthn call as @simplewebauthn/browser names them.
const messagesByCode: Record<string, string> = {
  [ErrorCode.PasskeyUserVerificationRequired]:
    'Your passkey did not confirm it was you. Try again and unlock it with your PIN, fingerprint or face when asked.',
  [ErrorCode.InvalidPasskeyName]: `Give the passkey a name of 1 to ${PASSKEY_NAME_MAX_LENGTH} characters.`,
  AUTH_CANCELLED: CANCELLED,
  REGISTRATION_CANCELLED: CANCELLED,
  ERROR_CEREMONY_ABORTED: CANCELLED,
  ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED: 'This device already holds a passkey for your account.',
  PASSKEY_NOT_FOUND: 'This passkey is not registered with Gatehouse any more. Sign in with your password.',
  AUTHENTICATION_FAILED: 'That passkey could not be checked. Try again, or sign in with your password.',
  CHALLENGE_NOT_FOUND: 'The passkey request expired. Try again.',
  ERROR_INVALID_DOMAIN: 'Passkeys work only on the usual address of Gatehouse. Open it there and try again.',
}

/** Words for a failed passkey request or ceremony, by code. */
export function passkeyErrorMessage(failure: AuthFailure): string {
  return (failure.code ? messagesByCode[failure.code] : undefined) ?? accountErrorMessage(failure)
}

/** The person (or a newer prompt) closed the browser's passkey prompt: nothing went wrong. */
export function isCancelled(failure: AuthFailure): boolean {
  return failure.code !== undefined && messagesByCode[failure.code] === CANCELLED
}
