/**
 * Server only: reads the server environment and the request's cookies.
 *
 * Written here rather than taken from `convexBetterAuthReactStart` for two reasons. Its token cache trusts the
 * `convex_jwt` cookie without checking the signature, so a forged cookie, or the one every browser still holds
 * after a signing-key rotation, went to Convex and failed the page. And its fetches have no deadline, so a
 * Convex that accepts connections but never answers held every signed-in page open.
 */
import { JWT_COOKIE_NAME } from '@convex-dev/better-auth/plugins'
import { appendResponseHeader, getRequest } from '@tanstack/react-start/server'
import { getSessionCookie } from 'better-auth/cookies'
import { ConvexHttpClient } from 'convex/browser'
import type { FunctionReference, FunctionReturnType, OptionalRestArgs } from 'convex/server'
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose'
import { AUTH_BASE_PATH } from '@lib/auth-routes'
import { serverEnv } from './env.server'
import { isNetworkFailure } from '@lib/network-failure'
import { CONVEX_SSR_DEADLINE_MS } from '@lib/policy'

// Renew the cookie's JWT this long before it expires, so Convex never sees it expire mid-request.
const JWT_RENEWAL_MARGIN_S = 30

// What Convex checks too (getAuthConfigProvider): issued by the site URL, for the application "convex".
const JWT_AUDIENCE = 'convex'

// jwtVerify's verdicts on the token itself. Anything else (the key set could not be fetched) says nothing about it.
const BAD_TOKEN_CODES = new Set([
  joseErrors.JWSSignatureVerificationFailed.code,
  joseErrors.JWTExpired.code,
  joseErrors.JWTClaimValidationFailed.code,
  joseErrors.JWTInvalid.code,
  joseErrors.JWSInvalid.code,
  joseErrors.JWKSNoMatchingKey.code,
  joseErrors.JWKSMultipleMatchingKeys.code,
  joseErrors.JOSEAlgNotAllowed.code,
  joseErrors.JOSENotSupported.code,
])

/** A fetch that gives up after CONVEX_SSR_DEADLINE_MS; the TimeoutError it throws counts as a network failure. */
export const fetchWithDeadline: typeof fetch = (input, init) => {
  const deadline = AbortSignal.timeout(CONVEX_SSR_DEADLINE_MS)
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline })
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined

function signingKeys() {
  // jose caches the key set and fetches it again when a token names a key it does not know (a rotation).
  jwks ??= createRemoteJWKSet(new URL(`${serverEnv().VITE_CONVEX_SITE_URL}${AUTH_BASE_PATH}/convex/jwks`), {
    timeoutDuration: CONVEX_SSR_DEADLINE_MS,
  })
  return jwks
}

function unreachable(cause: unknown): Error {
  return new DOMException(
    `Convex could not be reached (${cause instanceof Error ? cause.name : 'unknown'})`,
    'TimeoutError',
  )
}

/** True when the cookie's JWT is one Convex would accept for a while yet; false for forged, foreign or stale ones. */
async function isUsableCookieToken(token: string): Promise<boolean> {
  try {
    const { exp } = decodeJwt(token)
    if (typeof exp !== 'number' || exp - JWT_RENEWAL_MARGIN_S <= Date.now() / 1000) return false
  } catch {
    return false
  }
  try {
    // No issuer check: only this deployment's Better Auth holds the signing key, and it always names the issuer
    // Convex expects. The app may reach the site URL by another name (a custom domain, a proxy), and comparing
    // against that name would refuse every cookie and fetch a token on every render.
    await jwtVerify(token, signingKeys(), {
      audience: JWT_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    })
    return true
  } catch (error) {
    if (error instanceof joseErrors.JOSEError && BAD_TOKEN_CODES.has(error.code)) return false
    // The key set did not arrive in time or at all: the same outage every Convex call would now hit.
    throw unreachable(error)
  }
}

export interface RequestToken {
  token: string | null
  /** True when the browser holds this token as its `convex_jwt` cookie (now, or once this response arrives). */
  isInCookie: boolean
}

/** Asks Better Auth for a JWT with the visitor's session cookie; null when it has no session for them. */
async function fetchFreshToken(headers: Headers): Promise<RequestToken> {
  const upstream = new Headers(headers)
  for (const name of ['content-length', 'content-type', 'transfer-encoding', 'connection', 'host'])
    upstream.delete(name)
  upstream.set('accept-encoding', 'identity')
  let response: Response
  try {
    response = await fetchWithDeadline(`${serverEnv().VITE_CONVEX_SITE_URL}${AUTH_BASE_PATH}/convex/token`, {
      headers: upstream,
    })
  } catch (error) {
    if (isNetworkFailure(error)) throw error
    throw unreachable(error)
  }
  // Throttled or failing: nothing is known about the session, so the visitor must not be treated as signed out.
  if (response.status === 429 || response.status >= 500) {
    await response.body?.cancel()
    throw unreachable(new Error(`HTTP ${response.status}`))
  }
  const body: unknown = response.ok ? await response.json().catch(() => null) : null
  const token = typeof (body as { token?: unknown })?.token === 'string' ? (body as { token: string }).token : null
  // Better Auth set the new JWT as the `convex_jwt` cookie (and may have extended the session): pass it on, so
  // the next page load can use it instead of repeating this request.
  const cookies = response.headers.getSetCookie()
  for (const cookie of cookies) appendResponseHeader('set-cookie', cookie)
  const setsJwtCookie = cookies.some((cookie) => cookie.split('=', 1)[0]!.endsWith(JWT_COOKIE_NAME))
  return { token, isInCookie: token !== null && setsJwtCookie }
}

const tokensByRequest = new WeakMap<Request, Promise<RequestToken>>()

/**
 * The visitor's Convex JWT: the `convex_jwt` cookie when its signature checks out and it is not about to expire,
 * otherwise a fresh one from Better Auth. Once per request, however many Convex calls it makes.
 */
export function getRequestToken(): Promise<RequestToken> {
  const request = getRequest()
  let pending = tokensByRequest.get(request)
  if (!pending) {
    pending = resolveToken(request.headers)
    tokensByRequest.set(request, pending)
  }
  return pending
}

async function resolveToken(headers: Headers): Promise<RequestToken> {
  const cookieToken = getSessionCookie(headers, { cookieName: JWT_COOKIE_NAME })
  if (cookieToken && (await isUsableCookieToken(cookieToken))) return { token: cookieToken, isInCookie: true }
  return fetchFreshToken(headers)
}

async function getToken(): Promise<string | null> {
  return (await getRequestToken()).token
}

/** A Convex HTTP client whose every call has the server-render deadline. */
export function createConvexHttpClient(): ConvexHttpClient {
  return new ConvexHttpClient(serverEnv().VITE_CONVEX_URL, { fetch: fetchWithDeadline })
}

async function authedClient(): Promise<ConvexHttpClient> {
  const client = createConvexHttpClient()
  const token = await getToken()
  if (token) client.setAuth(token)
  return client
}

export async function fetchAuthQuery<Query extends FunctionReference<'query'>>(
  query: Query,
  ...args: OptionalRestArgs<Query>
): Promise<FunctionReturnType<Query>> {
  return (await authedClient()).query(query, ...args)
}

export async function fetchAuthMutation<Mutation extends FunctionReference<'mutation'>>(
  mutation: Mutation,
  ...args: OptionalRestArgs<Mutation>
): Promise<FunctionReturnType<Mutation>> {
  return (await authedClient()).mutation(mutation, ...args)
}
