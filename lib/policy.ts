/**
 * One constant per rule, the unit in the name (Better Auth takes seconds, Date and timers milliseconds). Shared by
 * the Convex backend and the UI, so wording and enforcement never disagree.
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
// Reset emails one account receives at most per window, however many addresses ask (mail bombing).
export const PASSWORD_RESET_EMAILS_MAX_PER_WINDOW = 3
export const PASSWORD_RESET_EMAILS_WINDOW_S = 60 * 60
export const EMAIL_VERIFICATION_TOKEN_TTL_S = 24 * 60 * 60
export const VERIFICATION_EMAIL_COOLDOWN_S = 60

// Changing the email address: the link to the new address works this long; the old address can undo the change
// for UNDO_MS afterwards, as long as a takeover may go unnoticed over a weekend.
export const EMAIL_CHANGE_TOKEN_TTL_MS = 60 * 60 * 1000
export const EMAIL_CHANGE_UNDO_MS = 72 * 60 * 60 * 1000
// Recovery without the second factor: the emailed link works this long, then the waiting period runs before the
// second factor is removed (shortened on test deployments by the RECOVERY_WAITING_PERIOD_MS variable).
export const RECOVERY_LINK_TTL_MS = 30 * 60 * 1000
export const RECOVERY_WAITING_PERIOD_MS = 24 * 60 * 60 * 1000
// Links of one kind (recovery, email change) one account receives at most per window (mail bombing).
export const ACCOUNT_LINK_EMAILS_MAX_PER_WINDOW = 3
export const ACCOUNT_LINK_EMAILS_WINDOW_MS = 60 * 60 * 1000

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
// The passkey's own label ("Work laptop"), not the account name.
export const PASSKEY_NAME_MAX_LENGTH = 64
// Passkeys listed on /settings/security, in one query (ADR 0009: bounded reads).
export const PASSKEYS_LISTED_MAX = 50
// Seeing the backup codes again needs the password re-entered this recently, for that purpose (sudo mode).
export const BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S = 5 * 60
// At or below this many unused backup codes the owner is told to make new ones.
export const BACKUP_CODES_LOW_COUNT = 3

export const AUTH_SECRET_MIN_LENGTH = 32

// A signed-in client navigation waits this long for Convex over the WebSocket before showing the outage page.
export const CONVEX_CLIENT_QUERY_TIMEOUT_MS = 10_000
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
// Expired rate-limit rows deleted by each new one: keeps the table at the live rows without a sweep.
export const RATE_LIMIT_CLEANUP_BATCH = 8
// How long the Convex backend may reuse the JWKS it fetched to check tokens (Cache-Control max-age).
export const JWKS_CACHE_MAX_AGE_S = 5 * 60

// As long as a person plausibly looks back ("was that me?"; GitHub keeps 90 days), and longer than every credential
// lifetime above, so any session or device still in use has its story in the log. A daily cron deletes the rest.
export const SECURITY_EVENT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000
// The most rows one list query may return (sessions, security log): "Show more" grows a list up to this.
export const LIST_PAGE_MAX_ITEMS = 1000

// The Start server. A Convex call made while rendering a page or running a server function gives up after
// this long and the page answers 503: Convex answers in milliseconds, and a hung one must not hang every page.
export const CONVEX_SSR_DEADLINE_MS = 5_000
// Bodies of /api/auth/* requests and server-function calls; the largest real one is well under a kilobyte.
export const REQUEST_BODY_MAX_BYTES = 1024 * 1024
// JSON nested deeper than this is refused (400) before any parser recurses through it.
export const REQUEST_JSON_MAX_DEPTH = 64
// Strict-Transport-Security when the site is served over https: two years, the preload list's expectation.
export const HSTS_MAX_AGE_S = 2 * 365 * 24 * 60 * 60
// A key set younger than this is served uncacheable: simultaneous first requests may still be adding keys.
export const JWKS_KEY_SETTLE_S = 60

// The UI. The theme chosen in the header (a cookie, so the server renders it without a flash) is kept this long.
export const THEME_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60
