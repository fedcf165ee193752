/**
 * The Start server as a browser or an attacker meets it: the production build (Nitro's Node server), in
 * front of the in-memory Convex double (tests/app/stack.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CONVEX_SSR_DEADLINE_MS, REQUEST_BODY_MAX_BYTES } from '../../lib/policy'
import { cookieHeader, residentBytes, signUp, startStack, type Stack } from './stack'

const JWT_COOKIE = 'better-auth.convex_jwt'
const MiB = 1024 * 1024

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
}, 180_000)

afterAll(async () => {
  await stack?.stop()
})

const page = (path: string, cookies: Map<string, string>) =>
  fetch(`${stack.appUrl}${path}`, { headers: { cookie: cookieHeader(cookies) }, redirect: 'manual' })

/** A JWT that looks like Better Auth's (same key id, issuer, audience) but is signed with a key Convex never saw. */
async function tokenFromAnotherKey(genuine: string, expiresAt: number) {
  const { privateKey } = await generateKeyPair('RS256')
  return new SignJWT({ sub: 'someone-else' })
    .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(genuine).kid })
    .setIssuer(stack.convexSiteUrl)
    .setAudience('convex')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(privateKey)
}

describe('a convex_jwt cookie Convex would refuse', () => {
  test('is replaced by a fresh token: the signed-in page renders, and never shows the bad token', async () => {
    const cookies = await signUp(stack, 'Rotated Keys')
    const genuine = cookies.get(JWT_COOKIE)!
    const [header, payload, signature] = genuine.split('.')
    const now = Math.floor(Date.now() / 1000)
    const badTokens = {
      'tampered signature': `${header}.${payload}.${signature!.slice(8)}AAAAAAAA`,
      'signed with another key (a rotation)': await tokenFromAnotherKey(genuine, now + 600),
      'expired, signed with another key': await tokenFromAnotherKey(genuine, now - 600),
      'not a JWT': 'not-a-jwt',
    }
    for (const [label, bad] of Object.entries(badTokens)) {
      for (const path of ['/dashboard', '/settings/security']) {
        const response = await page(path, new Map([...cookies, [JWT_COOKIE, bad]]))
        const html = await response.text()
        expect(response.status, `${label} on ${path}`).toBe(200)
        expect(html, label).toContain('Rotated Keys')
        expect(html, label).not.toContain(bad)
        // The browser gets the fresh token as its cookie, so the next page load needs no token request.
        const renewed = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${JWT_COOKIE}=`))
        expect(renewed, label).toBeDefined()
        expect(renewed, label).not.toContain(bad)
      }
    }
  })

  test('without a session behind it sends the visitor to sign in', async () => {
    const cookies = await signUp(stack, 'Signed Out')
    const response = await page(
      '/dashboard',
      new Map([
        ['better-auth.session_token', 'ended.session'],
        [JWT_COOKIE, 'x.y.z'],
      ]),
    )
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toMatch(/^\/sign-in/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    // The genuine cookie still works: nothing above touched that account.
    expect((await page('/dashboard', cookies)).status).toBe(200)
  })
})

test('a Convex that accepts connections but never answers gets a 503 page, not a hang', async () => {
  const cookies = await signUp(stack, 'Paused Convex')
  const withoutToken = new Map([...cookies].filter(([name]) => name !== JWT_COOKIE))
  stack.convex.kill('SIGSTOP')
  try {
    // Both ways a render reaches Convex: a query with the cookie's token, and a token request without one.
    for (const cookieSet of [cookies, withoutToken]) {
      const response = await fetch(`${stack.appUrl}/settings/security`, {
        headers: { cookie: cookieHeader(cookieSet) },
        redirect: 'manual',
        // Only so a regression fails here instead of hanging the suite.
        signal: AbortSignal.timeout(CONVEX_SSR_DEADLINE_MS * 3),
      })
      expect(response.status).toBe(503)
      expect(response.headers.get('retry-after')).toBe('5')
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(await response.text()).toContain('temporarily unavailable')
    }
  } finally {
    stack.convex.kill('SIGCONT')
  }
  expect((await page('/settings/security', cookies)).status).toBe(200)
}, 60_000)

describe('bad input gets a 4xx naming the problem', () => {
  const serverFnUrl = () => `${stack.appUrl}/_serverFn/0000000000000000000000000000000000000000000000000000000000000000`
  const post = (url: string, body: BodyInit, contentType = 'application/json') =>
    fetch(url, {
      method: 'POST',
      headers: { origin: stack.appUrl, 'content-type': contentType, 'x-tsr-serverfn': 'true' },
      body,
    })

  test('an unknown server function answers 404', async () => {
    expect((await post(serverFnUrl(), '{}')).status).toBe(404)
    expect((await fetch(`${serverFnUrl()}?payload=%7B%7D`, { headers: { 'x-tsr-serverfn': 'true' } })).status).toBe(404)
  })

  test('deeply nested JSON answers 400, at the auth proxy and at a server function the build has', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const auth = await post(`${stack.appUrl}/api/auth/sign-in/email`, deep)
    expect(auth.status).toBe(400)
    expect(await auth.json()).toMatchObject({ code: 'JSON_TOO_DEEP' })
    const knownFn = knownServerFnUrl()
    const fn = await post(knownFn, deep)
    expect(fn.status).toBe(400)
    expect((await post(knownFn, '{"not json')).status).toBe(400)
    // Brackets inside strings are text, not nesting: a password may be made of them.
    const bracketsInText = await post(
      `${stack.appUrl}/api/auth/sign-in/email`,
      JSON.stringify({ email: 'x@example.com', password: '[{'.repeat(64) }),
    )
    expect(bracketsInText.status).toBe(401)
  })

  test('a body over 1 MiB answers 413, declared or streamed, and the server does not buffer it', async () => {
    const tooBig = new Uint8Array(REQUEST_BODY_MAX_BYTES + 1).fill(0x61)
    for (const url of [`${stack.appUrl}/api/auth/sign-in/email`, knownServerFnUrl()]) {
      const response = await post(url, tooBig)
      expect(response.status, url).toBe(413)
      expect(await response.json()).toMatchObject({ code: 'REQUEST_TOO_LARGE' })
    }
    const before = residentBytes(stack.app)
    for (const url of [`${stack.appUrl}/api/auth/sign-up/email`, knownServerFnUrl()]) {
      for (let i = 0; i < 3; i++) expect(await streamPost(url, 20 * MiB), url).toBe(413)
    }
    // Held whole, six 20 MB bodies would add well over 100 MB. Read and dropped, what stays is the heap settling at
    // its working size, seen from 15 to 32 MiB here depending on the machine's load; 48 leaves that room.
    expect(residentBytes(stack.app) - before).toBeLessThan(48 * MiB)
  }, 60_000)
})

/**
 * The URL of a server function the build really has (getDevMailbox), from its RPC registration in the server
 * output. The request guard reads bodies before Start dispatches, so a POST to it exercises the limits.
 */
function knownServerFnUrl(): string {
  const ssrDir = new URL('../../.output/server/_ssr/', import.meta.url)
  for (const file of readdirSync(ssrDir)) {
    const text = readFileSync(new URL(file, ssrDir), 'utf8')
    const id = /createServerRpc\(\{\s*id:\s*"([^"]+)",\s*name:\s*"getDevMailbox"/.exec(text)?.[1]
    if (id) return `${stack.appUrl}/_serverFn/${id}`
  }
  throw new Error('getDevMailbox is not in .output/server/_ssr')
}

/** POSTs `total` bytes without a Content-Length, as fast as the server takes them, until it answers; the status. */
function streamPost(url: string, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let sent = 0
    let answered = false
    const request = httpRequest(url, {
      method: 'POST',
      headers: { origin: stack.appUrl, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    })
    request.on('response', (response) => {
      answered = true
      response.resume()
      response.on('end', () => {
        // Like a browser given an answer: stop sending the rest.
        request.destroy()
        resolve(response.statusCode ?? 0)
      })
    })
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length
        if (!request.write(chunk)) return void request.once('drain', pump)
      }
      if (!answered) request.end()
    }
    pump()
  })
}

describe('security headers', () => {
  test('every answer carries them; HTML has a CSP whose nonce is on every inline script', async () => {
    const home = await fetch(`${stack.appUrl}/`)
    const html = await home.text()
    const csp = home.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]!)
    expect(scripts.length).toBeGreaterThan(0)
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`)
    // A fresh nonce per answer, or it would be guessable.
    const again = (await fetch(`${stack.appUrl}/`)).headers.get('content-security-policy')
    expect(again).not.toBe(csp)

    const answers = {
      page: home,
      'missing page': await fetch(`${stack.appUrl}/no-such-page`),
      'auth answer': await fetch(`${stack.appUrl}/api/auth/get-session`),
      'refused body': await fetch(`${stack.appUrl}/api/auth/sign-in/email`, {
        method: 'POST',
        body: 'x'.repeat(2 * MiB),
      }),
    }
    for (const [label, answer] of Object.entries(answers)) {
      expect(answer.headers.get('x-content-type-options'), label).toBe('nosniff')
      expect(answer.headers.get('cross-origin-opener-policy'), label).toBe('same-origin')
      expect(answer.headers.get('referrer-policy'), label).toBe('strict-origin-when-cross-origin')
      expect(answer.headers.get('content-security-policy'), label).toContain("frame-ancestors 'none'")
      // Served over plain http here: HSTS would be meaningless (and is checked below for https).
      expect(answer.headers.get('strict-transport-security'), label).toBeNull()
    }
    const reset = await fetch(`${stack.appUrl}/reset-password?token=abc`)
    expect(reset.headers.get('referrer-policy')).toBe('no-referrer')
  })

  test('auth answers that carry a token, codes or sessions are never cached', async () => {
    const cookies = await signUp(stack, 'No Store')
    for (const path of ['/api/auth/convex/token', '/api/auth/get-session']) {
      const response = await fetch(`${stack.appUrl}${path}`, { headers: { cookie: cookieHeader(cookies) } })
      expect(response.status, path).toBe(200)
      expect(response.headers.get('cache-control'), path).toBe('no-store')
    }
  })
})

test('a site served over https sends HSTS', async () => {
  const https = await startStack({ siteUrl: 'https://gatehouse.example' })
  try {
    const response = await fetch(`${https.appUrl}/`)
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/)
  } finally {
    await https.stop()
  }
}, 120_000)
