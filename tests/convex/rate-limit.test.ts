import { describe, expect, test } from 'vitest'
import { CLIENT_IP_HEADER, CLIENT_IP_SIGNATURE_HEADER, CLIENT_IP_TIMESTAMP_HEADER } from '../../lib/client-ip'
import { CREDENTIAL_RATE_LIMIT_MAX_REQUESTS, RATE_LIMIT_CLEANUP_BATCH } from '../../lib/policy'
import { AuthClient, createBackend, uniqueEmail, type Backend } from './harness'

const WRONG_PASSWORD = 'definitely not it'

async function exhaustSignIn(t: Backend, client: AuthClient, email: string) {
  for (let attempt = 0; attempt < CREDENTIAL_RATE_LIMIT_MAX_REQUESTS; attempt++) {
    expect((await client.signIn(email, WRONG_PASSWORD)).status).toBe(401)
  }
}

describe('rate limits follow the real client, not one global bucket', () => {
  test('a client that keeps guessing is stopped with 429 while another client is not', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    await new AuthClient(t, '192.0.2.1').signUp(email)

    const guesser = new AuthClient(t, '198.51.100.1')
    await exhaustSignIn(t, guesser, email)
    const blocked = await guesser.signIn(email, WRONG_PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0)

    // Another account: this one now refuses unknown devices after as many wrong passwords (guessing-protection.test.ts).
    const someoneElse = new AuthClient(t, '198.51.100.2')
    expect((await someoneElse.signIn(uniqueEmail('other'), WRONG_PASSWORD)).status).toBe(401)
  })

  test('a client cannot pick a fresh bucket by claiming another IP without the proxy signature', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    await new AuthClient(t, '192.0.2.1').signUp(email)

    // Straight to the Convex site URL, no signature: every such caller shares one bucket.
    const direct = new AuthClient(t, null)
    await exhaustSignIn(t, direct, email)
    expect((await direct.signIn(email, WRONG_PASSWORD)).status).toBe(429)

    const forged = await direct.request('/sign-in/email', {
      json: { email, password: WRONG_PASSWORD },
      headers: {
        [CLIENT_IP_HEADER]: '198.51.100.77',
        [CLIENT_IP_TIMESTAMP_HEADER]: String(Date.now()),
        [CLIENT_IP_SIGNATURE_HEADER]: 'f'.repeat(64),
        'x-forwarded-for': '198.51.100.78',
      },
    })
    expect(forged.status).toBe(429)

    // The same address, vouched for by the proxy, is a different client.
    // (Another account: this one now refuses unknown devices, see guessing-protection.test.ts.)
    expect((await new AuthClient(t, '198.51.100.77').signIn(uniqueEmail('other'), WRONG_PASSWORD)).status).toBe(401)
  })
})

describe('rate-limit rows', () => {
  test('expired rows are deleted a batch at a time, oldest first, as new ones are written; live rows stay', async () => {
    const t = createBackend()
    const now = Date.now()
    const expired = RATE_LIMIT_CLEANUP_BATCH + 3
    await t.run(async (ctx) => {
      for (let i = 0; i < expired; i++) {
        await ctx.db.insert('rateLimits', {
          key: `198.51.100.${i}|/sign-in/email`,
          count: 3,
          lastRequest: now - 120_000 - i,
          expiresAt: now - 60_000 - i,
        })
      }
      await ctx.db.insert('rateLimits', {
        key: '192.0.2.99|/sign-in/email',
        count: 3,
        lastRequest: now,
        expiresAt: now + 60_000,
      })
    })

    expect((await new AuthClient(t, '203.0.113.99').signIn('nobody@example.com', WRONG_PASSWORD)).status).toBe(401)

    const keys = await t.run(async (ctx) => (await ctx.db.query('rateLimits').collect()).map((row) => row.key))
    // The oldest went; the newest expired ones wait for the next new row.
    expect(keys.sort()).toEqual(
      [
        '192.0.2.99|/sign-in/email',
        '203.0.113.99|/sign-in/email',
        '198.51.100.0|/sign-in/email',
        '198.51.100.1|/sign-in/email',
        '198.51.100.2|/sign-in/email',
      ].sort(),
    )
  })
})
