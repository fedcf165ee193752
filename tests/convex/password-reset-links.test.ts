import { afterEach, describe, expect, test, vi } from 'vitest'
import { components, internal } from '../../convex/_generated/api'
import { PASSWORD_RESET_EMAILS_MAX_PER_WINDOW, PASSWORD_RESET_EMAILS_WINDOW_S } from '../../lib/policy'
import { AuthClient, createBackend, SITE_URL, uniqueEmail, type Backend } from './harness'

afterEach(() => {
  vi.useRealTimers()
})

const resetEmails = async (t: Backend, to: string) =>
  (await t.query(internal.emails.outbox, { to })).filter((message) => /Reset your/.test(message.subject))

/** The token of every reset link emailed to `to`, oldest first. */
async function resetTokens(t: Backend, to: string) {
  return (await resetEmails(t, to))
    .reverse()
    .map((message) => new URL(message.text.match(/https?:\/\/\S+/)![0]).pathname.split('/').pop()!)
}

let clientCounter = 0
/** Each request from a different address: the per-address rate limit is not what is tested here. */
const requestReset = (t: Backend, email: string) =>
  new AuthClient(t, `198.51.100.${++clientCounter % 250}`).request('/request-password-reset', {
    json: { email, redirectTo: `${SITE_URL}/reset-password` },
  })

const reset = (t: Backend, token: string, newPassword: string) =>
  new AuthClient(t, '203.0.113.95').request('/reset-password', { json: { token, newPassword } })

describe('password reset links', () => {
  test('a new link voids the older ones, and completing a reset voids every link', async () => {
    const t = createBackend()
    const email = uniqueEmail('links')
    await new AuthClient(t).signUp(email)
    await requestReset(t, email)
    await requestReset(t, email)
    const [older, newer] = await resetTokens(t, email)

    const stale = await reset(t, older!, 'an older link passphrase')
    expect(stale.status).toBe(400)
    expect(stale.json.code).toBe('INVALID_TOKEN')
    expect((await reset(t, newer!, 'the newest link passphrase')).status).toBe(200)
    expect((await reset(t, newer!, 'used twice passphrase')).status).toBe(400)
    expect((await new AuthClient(t, '203.0.113.96').signIn(email, 'the newest link passphrase')).status).toBe(200)
  })

  test('completing a reset voids every other link of the account, however it was issued', async () => {
    const t = createBackend()
    const email = uniqueEmail('complete')
    const userId = (await new AuthClient(t).signUp(email)).json.user.id as string
    await requestReset(t, email)
    const [emailed] = await resetTokens(t, email)
    // A link issued before links voided each other (or by a request racing this one).
    const otherToken = 'outstanding-link-from-before-0001'
    await t.run(async (ctx) => {
      await ctx.runMutation(components.betterAuth.adapter.create, {
        input: {
          model: 'verification',
          data: {
            identifier: `reset-password:${otherToken}`,
            value: userId,
            expiresAt: Date.now() + 600_000,
            createdAt: Date.now(),
            updatedAt: Date.now(),
          },
        },
      })
    })
    expect((await reset(t, emailed!, 'first reset passphrase')).status).toBe(200)
    const late = await reset(t, otherToken, 'second reset passphrase')
    expect(late.status).toBe(400)
    expect(late.json.code).toBe('INVALID_TOKEN')
  })

  test('at most three reset emails an hour reach an account, whoever asks; the answer never changes', async () => {
    const startMs = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: startMs })
    const t = createBackend()
    const email = uniqueEmail('bomb')
    await new AuthClient(t).signUp(email)

    const answers = []
    for (let request = 0; request < PASSWORD_RESET_EMAILS_MAX_PER_WINDOW + 5; request++)
      answers.push(await requestReset(t, email))
    const unknown = await requestReset(t, uniqueEmail('nobody'))
    for (const answer of [...answers, unknown]) {
      expect({ status: answer.status, json: answer.json }).toEqual({
        status: answers[0]!.status,
        json: answers[0]!.json,
      })
    }
    expect(answers[0]!.status).toBe(200)
    expect(await resetEmails(t, email)).toHaveLength(PASSWORD_RESET_EMAILS_MAX_PER_WINDOW)

    // The requests past the cap did not void the last link that was emailed.
    const lastSent = (await resetTokens(t, email)).at(-1)!
    expect((await reset(t, lastSent, 'the last emailed passphrase')).status).toBe(200)

    vi.setSystemTime(startMs + PASSWORD_RESET_EMAILS_WINDOW_S * 1000 + 1000)
    await requestReset(t, email)
    expect(await resetEmails(t, email)).toHaveLength(PASSWORD_RESET_EMAILS_MAX_PER_WINDOW + 1)
  })
})
