/**
 * Codes carried in `ConvexError.data.code` (and in Better Auth's error `code`) for expected failures.
 * Defined once; the UI maps them to words and never branches on message text.
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidName: 'INVALID_NAME',
  InvalidImage: 'INVALID_IMAGE',
  EmailTooLong: 'EMAIL_TOO_LONG',
  EmailLinkRequiresVerification: 'EMAIL_LINK_REQUIRES_VERIFICATION',
  EmailAlreadyLinked: 'EMAIL_ALREADY_LINKED',
  TwoFactorNotEnabled: 'TWO_FACTOR_NOT_ENABLED',
  TotpReplayed: 'TOTP_REPLAYED',
  TwoFactorLocked: 'ACCOUNT_TEMPORARILY_LOCKED',
  SessionNotFresh: 'SESSION_NOT_FRESH',
  SessionNotFound: 'SESSION_NOT_FOUND',
  InvalidPassword: 'INVALID_PASSWORD',
  InvalidPageSize: 'INVALID_PAGE_SIZE',
  PasswordRequired: 'PASSWORD_REQUIRED',
  TwoFactorAlreadyEnabled: 'TWO_FACTOR_ALREADY_ENABLED',
  TwoFactorCodeRequired: 'TWO_FACTOR_CODE_REQUIRED',
  InvalidTwoFactorCode: 'INVALID_TWO_FACTOR_CODE',
  StepUpRequired: 'STEP_UP_REQUIRED',
  AccountSignInLocked: 'ACCOUNT_SIGN_IN_LOCKED',
  PasswordTooWeak: 'PASSWORD_TOO_WEAK',
  PasswordBreached: 'PASSWORD_BREACHED',
  PasswordUnchanged: 'PASSWORD_UNCHANGED',
  InvalidEmail: 'INVALID_EMAIL',
  EmailUnchanged: 'EMAIL_UNCHANGED',
  LinkInvalid: 'LINK_INVALID',
  LinkExpired: 'LINK_EXPIRED',
  LinkUsed: 'LINK_USED',
  EmailTaken: 'EMAIL_TAKEN',
  TooManyEmails: 'TOO_MANY_EMAILS',
  PasskeyUserVerificationRequired: 'PASSKEY_USER_VERIFICATION_REQUIRED',
  InvalidPasskeyName: 'INVALID_PASSKEY_NAME',
  LastSignInMethod: 'LAST_SIGN_IN_METHOD',
  SignInMethodNotFound: 'SIGN_IN_METHOD_NOT_FOUND',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export type ExpectedErrorData = { code: ErrorCode; message: string }
