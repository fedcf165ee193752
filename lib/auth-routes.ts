/** Where Better Auth answers, and Gatehouse's own endpoints on it: shared by Convex, the proxy and the UI. */
export const AUTH_BASE_PATH = '/api/auth'
/** POST { password }: proves the person is still there and makes this session fresh again. */
export const REAUTHENTICATE_PATH = '/reauthenticate'
/** The `purpose` of a re-authentication made to see the backup codes again; it is logged and emailed. */
export const VIEW_BACKUP_CODES_PURPOSE = 'view-backup-codes'
/** POST { password }: signs every trusted device of the account out of skipping two-factor. */
export const FORGET_TRUSTED_DEVICES_PATH = '/two-factor/forget-trusted-devices'
/** Where every email verification link lands; Better Auth appends `&error=CODE` when the link failed. */
export const VERIFY_EMAIL_LANDING_PATH = '/verify-email?verified=true'
/** GET, with the two-factor challenge cookie: which account is signing in (masked) and how many codes it may still try. */
export const CHALLENGE_STATUS_PATH = '/sign-in/challenge'
/** GET: the OAuth / OpenID Connect providers this deployment offers, for the sign-in page's buttons. */
export const OAUTH_PROVIDERS_PATH = '/sign-in/providers'

/** POST { newEmail }, fresh session: emails a confirmation link to the new address (convex/model/emailChange.ts). */
export const EMAIL_CHANGE_REQUEST_PATH = '/email-change/request'
/** POST { token }: the link to the new address, confirmed on EMAIL_CHANGE_PAGE_PATH. */
export const EMAIL_CHANGE_VERIFY_PATH = '/email-change/verify'
/** POST { token }: the link to the old address puts it back and ends every session. */
export const EMAIL_CHANGE_UNDO_PATH = '/email-change/undo'
/** POST { email }: emails a recovery link when the account has a second factor; the same answer either way. */
export const RECOVERY_REQUEST_PATH = '/recovery/request'
/** POST { token, password }: starts the waiting period. Never signs anyone in. */
export const RECOVERY_START_PATH = '/recovery/start'
/** POST { token }: the link in the "recovery started" email. */
export const RECOVERY_CANCEL_PATH = '/recovery/cancel'
/** App pages the emailed links open (`?verify=` / `?undo=`, `?token=` / `?cancel=`); a button there posts the token. */
export const EMAIL_CHANGE_PAGE_PATH = '/email-change'
export const RECOVERY_PAGE_PATH = '/recover'

type Method = 'GET' | 'POST'

/**
 * The Better Auth endpoints Gatehouse uses, by method. The proxy and convex/http.ts answer everything else with
 * 404, so an endpoint nobody reviewed (Better Auth's own session management, account linking, /update-user,
 * a new endpoint after an upgrade) cannot be used to step around the app's rules.
 */
export const ALLOWED_AUTH_ENDPOINTS: Readonly<Record<string, readonly Method[]>> = {
  '/sign-up/email': ['POST'],
  '/sign-in/email': ['POST'],
  // Which account a second-factor challenge is for, and the tries it has left (the challenge page).
  [CHALLENGE_STATUS_PATH]: ['GET'],
  // OAuth and OpenID Connect (convex/model/oauth.ts): sign-in, the provider's redirect back, and linking from settings.
  [OAUTH_PROVIDERS_PATH]: ['GET'],
  '/sign-in/social': ['POST'],
  '/callback/:id': ['GET'],
  '/sign-in/oauth2': ['POST'],
  '/oauth2/callback/:providerId': ['GET'],
  '/link-social': ['POST'],
  '/oauth2/link': ['POST'],
  '/sign-out': ['POST'],
  '/get-session': ['GET'],
  '/verify-email': ['GET'],
  '/send-verification-email': ['POST'],
  '/request-password-reset': ['POST'],
  // The link in the reset email: it checks the token and redirects to the app's reset page.
  '/reset-password/:token': ['GET'],
  '/reset-password': ['POST'],
  '/change-password': ['POST'],
  '/delete-user': ['POST'],
  [REAUTHENTICATE_PATH]: ['POST'],
  '/two-factor/enable': ['POST'],
  '/two-factor/disable': ['POST'],
  '/two-factor/verify-totp': ['POST'],
  '/two-factor/verify-backup-code': ['POST'],
  '/two-factor/generate-backup-codes': ['POST'],
  [FORGET_TRUSTED_DEVICES_PATH]: ['POST'],
  [EMAIL_CHANGE_REQUEST_PATH]: ['POST'],
  [EMAIL_CHANGE_VERIFY_PATH]: ['POST'],
  [EMAIL_CHANGE_UNDO_PATH]: ['POST'],
  [RECOVERY_REQUEST_PATH]: ['POST'],
  [RECOVERY_START_PATH]: ['POST'],
  [RECOVERY_CANCEL_PATH]: ['POST'],
  // Passkeys: sign-in (also from autofill), and adding (after a step-up), renaming and deleting them.
  '/passkey/generate-authenticate-options': ['GET'],
  '/passkey/verify-authentication': ['POST'],
  '/passkey/generate-register-options': ['GET'],
  '/passkey/verify-registration': ['POST'],
  '/passkey/update-passkey': ['POST'],
  '/passkey/delete-passkey': ['POST'],
  // The Convex token for the browser and server renders, and the keys a Convex deployment checks it with.
  '/convex/token': ['GET'],
  '/convex/jwks': ['GET'],
  '/convex/.well-known/openid-configuration': ['GET'],
  // Health check used by the demo, the benchmark and the browser tests.
  '/ok': ['GET'],
  '/error': ['GET'],
}

/**
 * Better Auth endpoints that are installed but deliberately unreachable over HTTP. Every endpoint Better Auth
 * serves is either allowed above or named here (a test checks it), so an upgrade that adds one is noticed.
 */
export const DENIED_AUTH_ENDPOINTS: readonly string[] = [
  // Linked identities are listed and unlinked through Convex functions (convex/linkedAccounts.ts), which count
  // every way in; provider tokens are not handed out.
  '/list-accounts',
  '/unlink-account',
  '/refresh-token',
  '/get-access-token',
  '/account-info',
  // Sessions are listed and ended through Convex functions (convex/sessions.ts), behind the step-up rule.
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/update-session',
  // Profile changes go through Convex functions; email changes through EMAIL_CHANGE_REQUEST_PATH, whose undo
  // link Better Auth's /change-email lacks.
  '/update-user',
  '/change-email',
  // The app re-authenticates with REAUTHENTICATE_PATH, which also makes the session fresh.
  '/verify-password',
  // Deletion is immediate after the password (and second factor): no emailed confirmation link.
  '/delete-user/callback',
  // Email one-time codes are not configured; the TOTP URI is shown once at enrollment.
  '/two-factor/send-otp',
  '/two-factor/verify-otp',
  '/two-factor/get-totp-uri',
  // Passkeys are listed by a Convex query (convex/passkeys.ts), live, like the rest of the settings page.
  '/passkey/list-user-passkeys',
]

function matchesRoute(pattern: string, path: string): boolean {
  const patternParts = pattern.split('/')
  const pathParts = path.split('/')
  if (patternParts.length !== pathParts.length) return false
  return patternParts.every((part, index) =>
    part.startsWith(':') ? pathParts[index] !== '' : part === pathParts[index],
  )
}

/** `pathname` includes AUTH_BASE_PATH. */
export function isAllowedAuthRequest(method: string, pathname: string): boolean {
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false
  const path = pathname.slice(AUTH_BASE_PATH.length)
  return Object.entries(ALLOWED_AUTH_ENDPOINTS).some(
    ([pattern, methods]) => methods.includes(method as Method) && matchesRoute(pattern, path),
  )
}
