/**
 * A real OpenID provider (`oidc-provider`, the certified Node implementation) for tests and the demo: one issuer
 * on a local port with one confidential test client, and its development login and consent pages.
 *
 * Accounts need no store shared with the test: the login name carries the claims (`oidcLogin()`), so a test in
 * another process (a browser journey) can sign in as anyone with any email and `email_verified`.
 */
import { createServer, type Server } from 'node:http'
import Provider from 'oidc-provider'
import { accountFromLogin, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcLogin, type OidcAccount } from './oidc-client'

export { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcLogin, type OidcAccount } from './oidc-client'

export type OidcProvider = { issuer: string; stop: () => Promise<void> }

/** Starts the issuer on 127.0.0.1:`port`; `redirectUris` are the app's callback URLs. */
export async function startOidcProvider({
  port,
  redirectUris,
}: {
  port: number
  redirectUris: string[]
}): Promise<OidcProvider> {
  const issuer = `http://127.0.0.1:${port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Claims in the ID token too, as most identity providers send them.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const account = accountFromLogin(sub)
      if (!account) return undefined
      return {
        accountId: sub,
        claims: () => ({
          sub: account.sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name ?? 'OIDC Person',
        }),
      }
    },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
  })
  const server: Server = createServer(provider.callback())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    issuer,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A minimal cookie jar for walking the provider's pages without a browser. */
export class CookieJar {
  private cookies = new Map<string, string>()

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair!.indexOf('=')
      const name = pair!.slice(0, index).trim()
      const value = pair!.slice(index + 1).trim()
      if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

/**
 * Signs in at the provider as `account` and consents, starting from the authorization URL the app redirected to.
 * Returns the app callback URL the provider redirects back to (with `code` and `state`).
 */
export async function authorizeAtProvider(authorizationUrl: string, account: OidcAccount): Promise<string> {
  const jar = new CookieJar()
  const issuerOrigin = new URL(authorizationUrl).origin
  let url = authorizationUrl
  let body: URLSearchParams | undefined
  for (let hop = 0; hop < 20; hop++) {
    if (!url.startsWith(issuerOrigin)) return url
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
      redirect: 'manual',
    })
    jar.store(response)
    body = undefined
    const location = response.headers.get('location')
    if (location) {
      url = new URL(location, url).toString()
      continue
    }
    const html = await response.text()
    if (response.status !== 200)
      throw new Error(`The OpenID provider answered ${response.status}: ${html.slice(0, 300)}`)
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1]
    if (!action || !prompt) throw new Error(`Unexpected page at the OpenID provider: ${html.slice(0, 300)}`)
    url = new URL(action.replace(/&amp;/g, '&'), url).toString()
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: oidcLogin(account), password: 'any' } : { prompt })
  }
  throw new Error('Too many redirects at the OpenID provider')
}
