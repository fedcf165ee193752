import type { UserIdentity } from 'convex/server'
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'

export type Identity = UserIdentity
export type VerifiedToken = { identity: Identity; expiresAt?: number }

/** A rejected token; `code` and `message` follow the Convex backend's wording. */
export class AuthFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

type CustomJwtProvider = { type: 'customJwt'; issuer: string; applicationID?: string; algorithm: string; jwks: string }

function isCustomJwtProvider(provider: unknown): provider is CustomJwtProvider {
  return typeof provider === 'object' && provider !== null && (provider as { type?: unknown }).type === 'customJwt'
}

// OIDC standard claims become the camelCase fields of Convex's UserIdentity; other custom claims keep their names.
const OIDC_CLAIMS: Record<string, string> = {
  given_name: 'givenName', family_name: 'familyName', preferred_username: 'preferredUsername', profile: 'profileUrl',
  picture: 'pictureUrl', email_verified: 'emailVerified', birthdate: 'birthday', zoneinfo: 'timezone',
  locale: 'language', phone_number: 'phoneNumber', phone_number_verified: 'phoneNumberVerified', updated_at: 'updatedAt',
}
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'])

function toIdentity(payload: JWTPayload & { iss: string; sub: string }): Identity {
  const { sub, iss } = payload
  const identity: Record<string, unknown> = { subject: sub, issuer: iss, tokenIdentifier: `${iss}|${sub}` }
  for (const [claim, value] of Object.entries(payload)) {
    if (!REGISTERED_CLAIMS.has(claim)) identity[OIDC_CLAIMS[claim] ?? claim] = value
  }
  return identity as Identity
}

const trimSlash = (url: string) => url.replace(/\/+$/, '')

/**
 * Verifies user JWTs the way Convex does with the `customJwt` providers of convex/auth.config.ts.
 * Key sets are cached and fetched again when a token names a key id they do not have.
 */
export function createTokenVerifier(providers: unknown[], loadJwks: (url: string) => Promise<JSONWebKeySet>) {
  const customJwtProviders = providers.filter(isCustomJwtProvider)
  const keySets = new Map<string, ReturnType<typeof createLocalJWKSet>>()

  async function keySet(url: string, refetch: boolean) {
    let keys = keySets.get(url)
    if (!keys || refetch) {
      keys = createLocalJWKSet(await loadJwks(url))
      keySets.set(url, keys)
    }
    return keys
  }

  return async function verifyToken(token: string): Promise<VerifiedToken> {
    let claims: JWTPayload
    try {
      claims = decodeJwt(token)
    } catch {
      throw new AuthFailure('InvalidAuthHeader', 'Could not parse JWT payload. Check that the token is a valid JWT.')
    }
    const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? [])
    const provider = customJwtProviders.find(
      (p) => trimSlash(p.issuer) === trimSlash(claims.iss ?? '') && (!p.applicationID || audiences.includes(p.applicationID)),
    )
    if (!provider) {
      throw new AuthFailure('NoAuthProvider', 'No auth provider found matching the given token. Check convex/auth.config.ts.')
    }
    const options = { issuer: provider.issuer, audience: provider.applicationID, algorithms: [provider.algorithm] }
    try {
      let result
      try {
        result = await jwtVerify(token, await keySet(provider.jwks, false), options)
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error
        result = await jwtVerify(token, await keySet(provider.jwks, true), options)
      }
      const { payload } = result
      if (typeof payload.sub !== 'string' || typeof payload.iss !== 'string') {
        throw new AuthFailure('Unauthenticated', 'Token is missing the sub or iss claim')
      }
      return { identity: toIdentity({ ...payload, sub: payload.sub, iss: payload.iss }), expiresAt: payload.exp }
    } catch (error) {
      if (error instanceof AuthFailure) throw error
      if (error instanceof errors.JWTExpired) throw new AuthFailure('TokenExpired', 'Token expired')
      const reason = error instanceof Error ? error.message : String(error)
      throw new AuthFailure('Unauthenticated', `Could not verify token claim: ${reason}`)
    }
  }
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>
