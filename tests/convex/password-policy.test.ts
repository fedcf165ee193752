import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { internal } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { AuthClient, createBackend, PASSWORD, SITE_URL, stubDeploymentEnv, uniqueEmail, type Backend } from './harness'

const WEAK_PASSWORDS = ['password1234', 'aaaaaaaaaaaa', '            ', 'qwertyuiop123', 'iloveyou12345']
const STRONG_PASSWORD = 'amber otter quilt ninety'

async function expectRefusedAsWeak(response: { status: number; json: any }) {
  expect(response.status).toBe(400)
  expect(response.json.code).toBe(ErrorCode.PasswordTooWeak)
  expect(typeof response.json.reason).toBe('string')
  expect(response.json.reason.length).toBeGreaterThan(0)
}

async function signedUp(t: Backend, prefix: string) {
  const email = uniqueEmail(prefix)
  const client = new AuthClient(t, '203.0.113.70')
  expect((await client.signUp(email)).status).toBe(200)
  return { email, client }
}

async function resetToken(t: Backend, email: string) {
  const requester = new AuthClient(t, '203.0.113.71')
  await requester.request('/request-password-reset', { json: { email, redirectTo: `${SITE_URL}/reset-password` } })
  const [message] = await t.query(internal.emails.outbox, { to: email })
  return new URL(message!.text.match(/https?:\/\/\S+/)![0]).pathname.split('/').pop()!
}

describe('password policy', () => {
  test.each(WEAK_PASSWORDS)('sign-up refuses %j and says why, creating nothing', async (password) => {
    const t = createBackend()
    const email = uniqueEmail('weak')
    // Straight at the Convex site URL, without the proxy's signature, is no way around it.
    for (const client of [new AuthClient(t), new AuthClient(t, null)]) {
      await expectRefusedAsWeak(await client.signUp(email, 'Weak Walter', password))
    }
    expect(await t.query(internal.emails.outbox, { to: email })).toEqual([])
    expect((await new AuthClient(t).signIn(email, password)).status).toBe(401)
  })

  test('a password built from the account holder’s own name and email is refused', async () => {
    const t = createBackend()
    const refused = await new AuthClient(t).signUp(
      'margaret.hamilton@example.com',
      'Margaret Hamilton',
      'margaret hamilton',
    )
    await expectRefusedAsWeak(refused)
  })

  test('a long unrelated passphrase is accepted', async () => {
    const t = createBackend()
    expect((await new AuthClient(t).signUp(uniqueEmail('strong'), 'Strong Sue', STRONG_PASSWORD)).status).toBe(200)
  })

  test('change-password refuses a weak password and the current one, and keeps the old password', async () => {
    const t = createBackend()
    const { email, client } = await signedUp(t, 'change')
    await expectRefusedAsWeak(
      await client.request('/change-password', { json: { currentPassword: PASSWORD, newPassword: 'password1234' } }),
    )
    const same = await client.request('/change-password', {
      json: { currentPassword: PASSWORD, newPassword: PASSWORD },
    })
    expect(same.status).toBe(400)
    expect(same.json.code).toBe(ErrorCode.PasswordUnchanged)
    expect((await new AuthClient(t, '203.0.113.72').signIn(email)).status).toBe(200)
  })

  test('reset-password refuses a weak password and the link still works for a strong one', async () => {
    const t = createBackend()
    const { email } = await signedUp(t, 'reset')
    const token = await resetToken(t, email)
    const requester = new AuthClient(t, '203.0.113.73')
    await expectRefusedAsWeak(
      await requester.request('/reset-password', { json: { token, newPassword: 'aaaaaaaaaaaa' } }),
    )
    expect((await requester.request('/reset-password', { json: { token, newPassword: STRONG_PASSWORD } })).status).toBe(
      200,
    )
    expect((await new AuthClient(t, '203.0.113.74').signIn(email, STRONG_PASSWORD)).status).toBe(200)
  })
})

describe('Have I Been Pwned range check', () => {
  let server: Server | undefined
  const asked: string[] = []

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
    asked.length = 0
  })

  /** A stand-in for api.pwnedpasswords.com that knows one breached password. */
  async function fakeRangeApi(breached: string) {
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(breached))
    const hash = [...new Uint8Array(digest)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()
    server = createServer((request, response) => {
      const prefix = request.url!.split('/').pop()!
      asked.push(prefix)
      const lines = [
        '0000000000000000000000000000000000A:0',
        prefix === hash.slice(0, 5) ? `${hash.slice(5)}:42` : '1111111111111111111111111111111111B:3',
      ]
      response.end(lines.join('\r\n'))
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/range/`
  }

  test('with HIBP_ENABLED=true a breached password is refused, sending only a 5-digit hash prefix', async () => {
    const t = createBackend()
    stubDeploymentEnv({ HIBP_ENABLED: 'true', HIBP_API_URL: await fakeRangeApi(STRONG_PASSWORD) })
    const refused = await new AuthClient(t).signUp(uniqueEmail('pwned'), 'Pwned Pat', STRONG_PASSWORD)
    expect(refused.status).toBe(400)
    expect(refused.json.code).toBe(ErrorCode.PasswordBreached)
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatch(/^[0-9A-F]{5}$/)
    expect(
      (await new AuthClient(t).signUp(uniqueEmail('clean'), 'Clean Cleo', 'violet harbor sixty kites')).status,
    ).toBe(200)
  })

  test('off by default: nothing is asked', async () => {
    const t = createBackend()
    stubDeploymentEnv({ HIBP_API_URL: await fakeRangeApi(STRONG_PASSWORD) })
    expect((await new AuthClient(t).signUp(uniqueEmail('nohibp'), 'No Hibp', STRONG_PASSWORD)).status).toBe(200)
    expect(asked).toEqual([])
  })
})
