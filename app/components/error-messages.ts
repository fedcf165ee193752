import type { APIErrorCode } from '@better-auth/core/error'
import type { TWO_FACTOR_ERROR_CODES } from 'better-auth/plugins'
import { ErrorCode } from '@lib/error-codes'
import { PASSKEY_NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import { describeWait } from '@lib/retry-after'
import { NETWORK_ERROR_MESSAGE, NETWORK_FAILURE } from '~/auth/auth-request'
import { BACKEND_UNAVAILABLE } from '~/auth/backend-unavailable'

/**
 * Every code a failed request can carry: Better Auth's (its own code lists, plus the HTTP status names better-call
 * uses when an endpoint throws by status), Gatehouse's ConvexError codes, and the two the UI itself produces.
 */
export type BetterAuthErrorCode = APIErrorCode | keyof typeof TWO_FACTOR_ERROR_CODES | 'UNAUTHORIZED'
export type FailureCode = BetterAuthErrorCode | ErrorCode | typeof NETWORK_FAILURE | typeof BACKEND_UNAVAILABLE

/** What a failed request tells the UI (app/auth/auth-request.ts builds it); `errorMessage` turns it into words. */
export interface Failure {
  /** HTTP status; 0 when there was no answer. */
  status: number
  code?: FailureCode
  /** Seconds until another try can work, when the answer was 429 or a lockout. */
  retryAfterS?: number
  /** Why the server refused a value, in words, when it says (a weak password does). */
  reason?: string
}

// Fails to compile when a name here is not one of Better Auth's codes.
type Shown<Code extends BetterAuthErrorCode> = Code
type ShownBetterAuthCode = Shown<
  | 'INVALID_EMAIL_OR_PASSWORD'
  | 'USER_ALREADY_EXISTS'
  | 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL'
  | 'INVALID_EMAIL'
  | 'EMAIL_NOT_VERIFIED'
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'INVALID_TOKEN'
  | 'EMAIL_ALREADY_VERIFIED'
  | 'UNAUTHORIZED'
  | 'INVALID_CODE'
  | 'INVALID_BACKUP_CODE'
  | 'TOTP_NOT_ENABLED'
>

type Words = string | ((failure: Failure) => string)

const tryAgain = (retryAfterS: number | undefined) =>
  retryAfterS ? `Try again in ${describeWait(retryAfterS)}.` : 'Wait a minute, then try again.'

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.'
const TWO_FACTOR_OFF = 'Two-factor authentication is not on for this account.'

/** Every Gatehouse code needs its words here: a new code in lib/error-codes.ts without them does not compile. */
const messages: Record<ShownBetterAuthCode | ErrorCode | typeof NETWORK_FAILURE | typeof BACKEND_UNAVAILABLE, Words> = {
  INVALID_EMAIL_OR_PASSWORD: 'That email and password do not match an account.',
  USER_ALREADY_EXISTS: 'An account with this email already exists. Sign in instead.',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'An account with this email already exists. Sign in instead.',
  INVALID_EMAIL: 'Enter a valid email address.',
  EMAIL_NOT_VERIFIED: 'Verify your email address before you sign in: open the link we emailed you.',
  PASSWORD_TOO_SHORT: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
  PASSWORD_TOO_LONG: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
  INVALID_TOKEN: 'This link is not valid any more: it has expired or was already used.',
  EMAIL_ALREADY_VERIFIED: 'Your email address is already verified. Reload the page.',
  UNAUTHORIZED: SESSION_ENDED,
  INVALID_CODE: 'That code is not right. Enter the code your authenticator app shows now.',
  INVALID_BACKUP_CODE: 'That backup code is not right, or it has already been used.',
  TOTP_NOT_ENABLED: TWO_FACTOR_OFF,

  [ErrorCode.Unauthenticated]: SESSION_ENDED,
  [ErrorCode.InvalidName]: 'Enter a name that is not too long.',
  [ErrorCode.InvalidImage]: 'That picture address cannot be used.',
  [ErrorCode.EmailTooLong]: 'That email address is too long.',
  [ErrorCode.EmailLinkRequiresVerification]: 'Verify your email address first, then link the account.',
  [ErrorCode.EmailAlreadyLinked]: 'This email address already belongs to another account.',
  [ErrorCode.TwoFactorNotEnabled]: TWO_FACTOR_OFF,
  [ErrorCode.TotpReplayed]: 'This code was already used. Wait for the next code in your authenticator app.',
  [ErrorCode.TwoFactorLocked]: ({ retryAfterS }) =>
    `Too many wrong codes, so two-factor sign-in is locked for now. ${tryAgain(retryAfterS)}`,
  [ErrorCode.SessionNotFresh]: 'Enter your password again to continue.',
  [ErrorCode.SessionNotFound]: 'That session has already ended.',
  [ErrorCode.InvalidPassword]: 'That password is not right.',
  [ErrorCode.InvalidPageSize]: 'That list could not be loaded. Reload the page.',
  [ErrorCode.PasswordRequired]: 'Enter your password.',
  [ErrorCode.TwoFactorAlreadyEnabled]:
    'Two-factor authentication is already on. To move to a new app, choose “Replace authenticator app”.',
  [ErrorCode.TwoFactorCodeRequired]: 'Enter a code from your authenticator app or one of your backup codes.',
  [ErrorCode.InvalidTwoFactorCode]:
    'That code is not right. Enter the code your app shows now, or an unused backup code.',
  [ErrorCode.StepUpRequired]: 'Enter your password again to see your backup codes.',
  [ErrorCode.AccountSignInLocked]:
    'Too many wrong passwords were entered for this account, so sign-in from new devices is paused. Sign in on a device you used before, try again later, or reset your password.',
  [ErrorCode.PasswordTooWeak]: ({ reason }) =>
    `This password is too easy to guess. ${reason ?? ''} A few unrelated words make a strong one.`.replace(/\s+/g, ' '),
  [ErrorCode.PasswordBreached]:
    'This password appeared in a data breach, so attackers try it first. Choose another one.',
  [ErrorCode.PasswordUnchanged]: 'Choose a password different from your current one.',
  [ErrorCode.EmailUnchanged]: 'That is already your email address.',
  [ErrorCode.LinkInvalid]: 'This link is not valid. Use the newest link you were emailed.',
  [ErrorCode.LinkExpired]: 'This link has expired.',
  [ErrorCode.LinkUsed]: 'This link was already used.',
  [ErrorCode.EmailTaken]: 'That address now belongs to another account, so nothing changed.',
  [ErrorCode.TooManyEmails]: 'Too many emails were sent for this account. Try again in an hour.',
  [ErrorCode.PasskeyUserVerificationRequired]:
    'Your passkey did not confirm it was you. Try again and unlock it with your PIN, fingerprint or face when asked.',
  [ErrorCode.InvalidPasskeyName]: `Give the passkey a name of 1 to ${PASSKEY_NAME_MAX_LENGTH} characters.`,
  [ErrorCode.LastSignInMethod]:
    'This is your only way to sign in. Set a password or link another provider before you unlink it.',
  [ErrorCode.SignInMethodNotFound]: 'That provider is not linked to your account.',

  [NETWORK_FAILURE]: NETWORK_ERROR_MESSAGE,
  [BACKEND_UNAVAILABLE]: 'The account service cannot be reached right now. Please try again in a moment.',
}

const hasWords = (code: FailureCode | undefined): code is keyof typeof messages =>
  code !== undefined && Object.hasOwn(messages, code)

/** Words for a failed request, chosen by code, then status: never by the message text. */
export function errorMessage(failure: Failure): string {
  if (hasWords(failure.code)) {
    const words = messages[failure.code]
    return typeof words === 'string' ? words : words(failure)
  }
  if (failure.status === 429) return `Too many attempts. ${tryAgain(failure.retryAfterS)}`
  if (failure.status >= 500) return 'The account service had a problem. Please try again in a moment.'
  return 'That did not work. Please check what you entered and try again.'
}
