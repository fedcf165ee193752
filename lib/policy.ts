/**
 * Security policy values, one constant per rule, with the unit in the name.
 * Better Auth options take seconds; Date and timers take milliseconds.
 * Imported by the Convex backend and the UI alike, so wording and enforcement never disagree.
 */

// ASVS 2.1.1 asks for at least 12 characters; 128 keeps hashing cost bounded (2.1.2).
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128
// zxcvbn's 0–4 scale; 3 means "safely unguessable" against an offline attack on a slow hash (ASVS 2.1.7).
export const PASSWORD_MIN_STRENGTH_SCORE = 3
// RFC 5321 caps a forward path at 256 octets including the angle brackets.
export const EMAIL_MAX_LENGTH = 254
export const DISPLAY_NAME_MAX_LENGTH = 80
export const PROFILE_IMAGE_URL_MAX_LENGTH = 2048

export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60
export const SESSION_REFRESH_AGE_S = 24 * 60 * 60
// Seeing or ending sessions needs a sign-in (or password re-entry) at most this old (ASVS 3.7.1).
export const FRESH_SESSION_MAX_AGE_S = 15 * 60

export const PASSWORD_RESET_TOKEN_TTL_S = 30 * 60
export const EMAIL_VERIFICATION_TOKEN_TTL_S = 24 * 60 * 60
export const VERIFICATION_EMAIL_COOLDOWN_S = 60

export const TOTP_DIGITS = 6
export const TOTP_PERIOD_S = 30
export const BACKUP_CODE_COUNT = 10
export const TRUSTED_DEVICE_MAX_AGE_S = 30 * 24 * 60 * 60
export const TWO_FACTOR_CHALLENGE_TTL_S = 10 * 60
// Better Auth accepts one step of clock drift either side, so a code stays valid for three periods.
export const TOTP_CODE_VALIDITY_MS = 3 * TOTP_PERIOD_S * 1000
// Wrong codes allowed in one sign-in challenge: Better Auth's fixed value, mirrored for the UI.
export const TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS = 5
// Consecutive wrong codes, across challenges, before the account's second factor locks.
export const TWO_FACTOR_LOCKOUT_MAX_FAILURES = 10
export const TWO_FACTOR_LOCKOUT_DURATION_S = 15 * 60

export const AUTH_SECRET_MIN_LENGTH = 32

// Guessing protection per account (OWASP's device cookies): after this many wrong passwords, counted per account
// within the window, devices that never signed in to it are refused until the lockout ends. A device that did has
// the same budget of its own, so the owner keeps signing in while a guesser is locked out.
export const ACCOUNT_GUESSING_MAX_FAILURES = 10
export const ACCOUNT_GUESSING_WINDOW_S = 15 * 60
export const ACCOUNT_GUESSING_LOCKOUT_S = 15 * 60
// The device cookie outlives sessions: it only says "this browser signed in to these accounts before". Browsers cap cookies at 400 days.
export const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60
// Wrong passwords are logged as one entry per account and hour, with a count.
export const FAILED_SIGN_IN_LOG_BUCKET_MS = 60 * 60 * 1000

// How long a proxy-signed client IP stays acceptable; covers clock skew between Start and Convex.
export const CLIENT_IP_SIGNATURE_MAX_AGE_MS = 60_000

export const RATE_LIMIT_WINDOW_S = 60
export const RATE_LIMIT_MAX_REQUESTS = 100
// Credential endpoints: a person needs a handful of tries a minute, a guesser needs thousands.
export const CREDENTIAL_RATE_LIMIT_WINDOW_S = 60
export const CREDENTIAL_RATE_LIMIT_MAX_REQUESTS = 10
