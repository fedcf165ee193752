/** The OAuth / OpenID Connect sign-in providers Gatehouse knows, shared by Convex, the sign-in page and settings. */

/** The generic OpenID Connect provider's id: its callback is SITE_URL/api/auth/oauth2/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc'

/** Better Auth's built-in providers Gatehouse configures; their callbacks are SITE_URL/api/auth/callback/<id>. */
export const SOCIAL_PROVIDER_NAMES = { github: 'GitHub', google: 'Google' } as const
export type SocialProviderId = keyof typeof SOCIAL_PROVIDER_NAMES

export interface OAuthProvider {
  id: string
  name: string
  /** `social`: Better Auth's /sign-in/social and /link-social; `oidc`: the generic plugin's /sign-in/oauth2 and /oauth2/link. */
  kind: 'social' | 'oidc'
}

/** What an OAuth sign-in that Gatehouse refused says in `?error=` when it comes back to /sign-in. */
export const OAuthErrorCode = {
  /** The provider's email belongs to an account that has not linked this identity: sign in with it first. */
  AccountNotLinked: 'account_not_linked',
  /** An existing app user's email, but the provider did not say it verified it. */
  UnableToCreateUser: 'unable_to_create_user',
  /** A new account, while REQUIRE_EMAIL_VERIFICATION is on, from a provider that did not verify the email. */
  EmailNotVerified: 'provider_email_not_verified',
} as const
