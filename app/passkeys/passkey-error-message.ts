import { errorMessage, type Failure } from '~/components/error-messages'

const CANCELLED = 'The passkey prompt was closed or timed out. Try again when you are ready.'

// The passkey plugin's own codes, and those of the browser's WebAuthn call as @simplewebauthn/browser names them:
// neither is in Better Auth's code lists, so they are kept with the ceremony that meets them. Everything else
// falls through to the app's one map.
const messagesByCode: Record<string, string> = {
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
export function passkeyErrorMessage(failure: Failure): string {
  return (failure.code ? messagesByCode[failure.code] : undefined) ?? errorMessage(failure)
}

/** The person (or a newer prompt) closed the browser's passkey prompt: nothing went wrong. */
export function isCancelled(failure: Failure): boolean {
  return failure.code !== undefined && messagesByCode[failure.code] === CANCELLED
}
