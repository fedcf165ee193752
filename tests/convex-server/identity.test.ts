// @vitest-environment node
import { ConvexError } from 'convex/values'
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose'
import { beforeAll, describe, expect, test } from 'vitest'
import { AuthFailure, createTokenVerifier, TOKEN_CLOCK_SKEW_S, type JwksResponse } from './identity'
import { toFailure } from './runtime'

const ISSUER = 'https://deployment.example.convex.site'
const JWKS_URL = `${ISSUER}/api/auth/convex/jwks`
const provider = { type: 'customJwt', issuer: ISSUER, applicationID: 'convex', algorithm: 'RS256', jwks: JWKS_URL }
let privateKey: CryptoKey
let jwks: string

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true })
  privateKey = pair.privateKey
  jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256' }] })
})

const nowS = () => Math.floor(Date.now() / 1000)

/** `null` leaves the header or claim out. */
function sign(
  claims: JWTPayload,
  { kid = 'key-1', exp = nowS() + 60 }: { kid?: string | null; exp?: number | null } = {},
) {
  const jwt = new SignJWT({ ...claims }).setProtectedHeader(kid ? { alg: 'RS256', kid } : { alg: 'RS256' })
  jwt.setIssuer(ISSUER).setAudience('convex').setSubject('user-1').setIssuedAt()
  if (exp !== null) jwt.setExpirationTime(exp)
  return jwt.sign(privateKey)
}

/** A verifier whose JWKS answers with `cacheControl`; counts the fetches. */
function verifier(cacheControl: string | null, now = () => Date.now()) {
  const fetches: string[] = []
  const fetchJwks = async (url: string): Promise<JwksResponse> => {
    fetches.push(url)
    return { status: 200, headers: new Headers(cacheControl ? { 'cache-control': cacheControl } : {}), body: jwks }
  }
  return { verify: createTokenVerifier([provider], fetchJwks, now), fetches }
}

describe('token checks as a Convex deployment makes them', () => {
  test('without cache headers the JWKS is fetched for every token check', async () => {
    const { verify, fetches } = verifier(null)
    const token = await sign({})
    await verify(token)
    await verify(token)
    expect(fetches).toEqual([JWKS_URL, JWKS_URL])
  })

  test('with max-age the JWKS is reused until it is stale, then fetched again', async () => {
    let clock = Date.now()
    const { verify, fetches } = verifier('public, max-age=300', () => clock)
    const token = await sign({}, { exp: nowS() + 3600 })
    await verify(token)
    clock += 299_000
    await verify(token)
    expect(fetches).toHaveLength(1)
    clock += 2_000
    await verify(token)
    expect(fetches).toHaveLength(2)
  })

  test('no-store is never reused', async () => {
    const { verify, fetches } = verifier('no-store, max-age=300')
    const token = await sign({})
    await verify(token)
    await verify(token)
    expect(fetches).toHaveLength(2)
  })

  test('a token without kid or without exp is refused', async () => {
    const { verify } = verifier(null)
    await expect(verify(await sign({}, { kid: null }))).rejects.toThrow(/kid/)
    await expect(verify(await sign({}, { exp: null }))).rejects.toThrow(/exp/)
  })

  test(`an expired token is accepted within ${TOKEN_CLOCK_SKEW_S} s of skew and refused beyond`, async () => {
    const { verify } = verifier(null)
    await expect(verify(await sign({}, { exp: nowS() - (TOKEN_CLOCK_SKEW_S - 2) }))).resolves.toBeDefined()
    await expect(verify(await sign({}, { exp: nowS() - (TOKEN_CLOCK_SKEW_S + 2) }))).rejects.toMatchObject({
      code: 'TokenExpired',
    })
  })

  test('claims keep their names and nested objects become dotted names', async () => {
    const { verify } = verifier(null)
    const { identity } = await verify(
      await sign({ emailVerified: true, email_verified: false, profile: { plan: 'pro' } }),
    )
    expect(identity).toMatchObject({
      subject: 'user-1',
      issuer: ISSUER,
      tokenIdentifier: `${ISSUER}|user-1`,
      emailVerified: true,
      email_verified: false,
      'profile.plan': 'pro',
    })
  })

  test('a JWKS that cannot be fetched refuses the token instead of failing the server', async () => {
    const verify = createTokenVerifier([provider], async () => ({ status: 429, headers: new Headers(), body: '' }))
    await expect(verify(await sign({}))).rejects.toBeInstanceOf(AuthFailure)
  })
})

describe('function errors as a production deployment shows them', () => {
  test('a plain Error becomes "Server Error" with a request id; its message stays in the log', () => {
    const outcome = toFailure('users:secret', new Error('database password is hunter2'))
    expect(outcome).toEqual({
      success: false,
      errorMessage: expect.stringMatching(/^\[Request ID: [0-9a-f]{16}\] Server Error$/),
    })
  })

  test('a ConvexError keeps its data', () => {
    const outcome = toFailure('users:updateName', new ConvexError({ code: 'INVALID_NAME', message: 'Name is empty' }))
    expect(outcome).toMatchObject({ success: false, errorData: { code: 'INVALID_NAME', message: 'Name is empty' } })
  })
})
