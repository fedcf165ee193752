/** Where Better Auth answers, and Gatehouse's own endpoints on it: shared by Convex, the proxy and the UI. */
export const AUTH_BASE_PATH = '/api/auth'
/** POST { password }: proves the person is still there and makes this session fresh again. */
export const REAUTHENTICATE_PATH = '/reauthenticate'
/** POST { password }: signs every trusted device of the account out of skipping two-factor. */
export const FORGET_TRUSTED_DEVICES_PATH = '/two-factor/forget-trusted-devices'
/** Where every email verification link lands; Better Auth appends `&error=CODE` when the link failed. */
export const VERIFY_EMAIL_LANDING_PATH = '/verify-email?verified=true'
/** GET, with the two-factor challenge cookie: which account is signing in (masked) and how many codes it may still try. */
export const CHALLENGE_STATUS_PATH = '/sign-in/challenge'
