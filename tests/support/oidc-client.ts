/** The local OpenID provider's test client and its logins, without the provider itself (for configs and journeys). */
export const OIDC_CLIENT_ID = 'gatehouse-test'
export const OIDC_CLIENT_SECRET = 'gatehouse-test-client-secret-0123456789abcdef'

export type OidcAccount = { sub: string; email: string; emailVerified: boolean; name?: string }

/** What to type into the provider's login field to be this account: the login carries the claims. */
export function oidcLogin(account: OidcAccount): string {
  return Buffer.from(JSON.stringify(account)).toString('base64url')
}

/** A login from oidcLogin(), or, typed by a person (`npm run demo -- --oidc`), an email the provider verified. */
export function accountFromLogin(login: string): OidcAccount | undefined {
  if (login.includes('@'))
    return { sub: `email:${login.trim().toLowerCase()}`, email: login.trim(), emailVerified: true }
  try {
    const account = JSON.parse(Buffer.from(login, 'base64url').toString()) as OidcAccount
    return typeof account.sub === 'string' && typeof account.email === 'string' ? account : undefined
  } catch {
    return undefined
  }
}
