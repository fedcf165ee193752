import { validateRedirectSearch, type RedirectSearch } from './redirect-search'

/**
 * Why someone was sent (back) to the sign-in page, as `?reason=`. The words are in sign-in-notice.ts: this list is
 * part of the route tree, which every page loads; the sentences only need to reach the sign-in page.
 */
const SIGN_IN_REASONS = [
  'challenge-expired',
  'too-many-attempts',
  'password-reset',
  'oauth-not-linked',
  'oauth-unverified',
  'oauth-new-unverified',
  'oauth-failed',
] as const

export type SignInReason = (typeof SIGN_IN_REASONS)[number]

export interface SignInSearch extends RedirectSearch {
  reason?: SignInReason
}

function isSignInReason(value: unknown): value is SignInReason {
  return (SIGN_IN_REASONS as readonly unknown[]).includes(value)
}

/** Hand-written, like validateRedirectSearch, to keep a validation library out of the sign-in page. */
export function validateSignInSearch(search: Record<string, unknown>): SignInSearch {
  const redirectSearch = validateRedirectSearch(search)
  const reason = isSignInReason(search.reason) ? search.reason : oauthFailureReason(search.error)
  return reason ? { ...redirectSearch, reason } : redirectSearch
}

/** Better Auth sends a refused OAuth sign-in back with `?error=<code>` (lib/oauth-providers.ts). */
function oauthFailureReason(error: unknown): SignInReason | undefined {
  if (typeof error !== 'string' || error === '') return undefined
  if (error === 'account_not_linked') return 'oauth-not-linked'
  if (error === 'unable_to_create_user') return 'oauth-unverified'
  if (error === 'provider_email_not_verified') return 'oauth-new-unverified'
  return 'oauth-failed'
}
