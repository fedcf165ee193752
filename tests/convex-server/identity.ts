/**
 * Token verification as a Convex deployment does it for the `customJwt` providers of convex/auth.config.ts.
 * Shared by the in-memory server and the convex-test harness, so both are as strict as the real backend:
 * - the JWKS is fetched on every validation and reused only while its response's Cache-Control allows;
 * - a token needs a `kid` header and an `exp` claim; `exp`, `nbf` and `iat` get 5 s of clock skew;
 * - claims keep their own names, nested objects are flattened to dotted names.
 * Runs in Node and in the edge runtime (jose and Web APIs only).
 */
import type { UserIdentity } from 'convex/server'
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose'

export type Identity = UserIdentity
export type VerifiedToken = { identity: Identity; expiresAt: number }
/** What a JWKS request answered: enough to parse the keys and honour the cache headers. */
export type JwksResponse = { status: number; headers: Headers; body: string }
export type JwksFetcher = (url: string) => Promise<JwksResponse>

export const TOKEN_CLOCK_SKEW_S = 5

/** A rejected token; `code` and `message` follow the Convex backend's wording where it is known. */
export class AuthFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

type CustomJwtProvider = { type: 'customJwt'; issuer: string; applicationID?: string; algorithm: string; jwks: string }

function isCustomJwtProvider(provider: unknown): provider is CustomJwtProvider {
  return typeof provider === 'object' && provider !== null && (provider as { type?: unknown }).type === 'customJwt'
}

const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'])

function flatten(prefix: string, value: unknown, into: Record<string, unknown>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(prefix ? `${prefix}.${key}` : key, inner, into)
  } else {
    into[prefix] = value
  }
}

function toIdentity(payload: JWTPayload & { iss: string; sub: string }): Identity {
  const { sub, iss } = payload
  const identity: Record<string, unknown> = { subject: sub, issuer: iss, tokenIdentifier: `${iss}|${sub}` }
  for (const [claim, value] of Object.entries(payload)) {
    if (!REGISTERED_CLAIMS.has(claim)) flatten(claim, value, identity)
  }
  return identity as Identity
}

/** How long a JWKS response may be reused, from its Cache-Control and Age headers; 0 when not at all. */
export function jwksCacheLifetimeMs(headers: Headers): number {
  const directives = (headers.get('cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim())
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0
  const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)).find(Boolean)
  if (!maxAge) return 0
  const age = Number(headers.get('age') ?? 0) || 0
  return Math.max(0, Number(maxAge[1]) - age) * 1000
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',')
  const meta = url.slice(0, comma)
  const data = url.slice(comma + 1)
  return meta.endsWith(';base64') ? atob(data) : decodeURIComponent(data)
}

const trimSlash = (url: string) => url.replace(/\/+$/, '')

export function createTokenVerifier(providers: unknown[], fetchJwks: JwksFetcher, now: () => number = Date.now) {
  const customJwtProviders = providers.filter(isCustomJwtProvider)
  const cache = new Map<string, { keys: ReturnType<typeof createLocalJWKSet>; freshUntilMs: number }>()

  async function keySet(url: string) {
    // A static JWKS in auth.config.ts is part of the deployment's configuration: never fetched.
    if (url.startsWith('data:')) return createLocalJWKSet(JSON.parse(decodeDataUrl(url)) as JSONWebKeySet)
    const cached = cache.get(url)
    if (cached && cached.freshUntilMs > now()) return cached.keys
    let response: JwksResponse
    try {
      response = await fetchJwks(url)
    } catch (error) {
      throw new AuthFailure(
        'Unauthenticated',
        `Could not fetch JWKS from ${url}: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    if (response.status !== 200) {
      throw new AuthFailure('Unauthenticated', `Could not fetch JWKS from ${url}: HTTP ${response.status}`)
    }
    const keys = createLocalJWKSet(JSON.parse(response.body) as JSONWebKeySet)
    const lifetimeMs = jwksCacheLifetimeMs(response.headers)
    if (lifetimeMs > 0) cache.set(url, { keys, freshUntilMs: now() + lifetimeMs })
    else cache.delete(url)
    return keys
  }

  return async function verifyToken(token: string): Promise<VerifiedToken> {
    let claims: JWTPayload
    let kid: string | undefined
    try {
      claims = decodeJwt(token)
      kid = decodeProtectedHeader(token).kid
    } catch {
      throw new AuthFailure('InvalidAuthHeader', 'Could not parse JWT payload. Check that the token is a valid JWT.')
    }
    if (!kid) throw new AuthFailure('InvalidAuthHeader', 'Token is missing a key ID (kid) in its header')
    if (typeof claims.exp !== 'number') throw new AuthFailure('InvalidAuthHeader', 'Token is missing the exp claim')
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? [])
    const provider = customJwtProviders.find(
      (p) =>
        trimSlash(p.issuer) === trimSlash(claims.iss ?? '') &&
        (!p.applicationID || audiences.includes(p.applicationID)),
    )
    if (!provider) {
      throw new AuthFailure(
        'NoAuthProvider',
        'No auth provider found matching the given token. Check convex/auth.config.ts.',
      )
    }
    try {
      const { payload } = await jwtVerify(token, await keySet(provider.jwks), {
        issuer: provider.issuer,
        audience: provider.applicationID,
        algorithms: [provider.algorithm],
        clockTolerance: TOKEN_CLOCK_SKEW_S,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      })
      if (typeof payload.sub !== 'string' || typeof payload.iss !== 'string') {
        throw new AuthFailure('Unauthenticated', 'Token is missing the sub or iss claim')
      }
      return { identity: toIdentity({ ...payload, sub: payload.sub, iss: payload.iss }), expiresAt: payload.exp! }
    } catch (error) {
      if (error instanceof AuthFailure) throw error
      if (error instanceof errors.JWTExpired) throw new AuthFailure('TokenExpired', 'Token expired')
      const reason = error instanceof Error ? error.message : String(error)
      throw new AuthFailure('Unauthenticated', `Could not verify token claim: ${reason}`)
    }
  }
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>
