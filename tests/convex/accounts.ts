/** Account journeys shared by several suites, on top of harness.ts. */
import { expect } from 'vitest'
import { components, internal } from '../../convex/_generated/api'
import { SESSION_MAX_AGE_S } from '../../lib/policy'
import { AuthClient, PASSWORD, SITE_URL, type Backend } from './harness'

/** The link in the newest email to `to` whose subject matches, as a path under /api/auth. */
export async function authLinkFromOutbox(t: Backend, to: string, subject: RegExp) {
  const message = (await t.query(internal.emails.outbox, { to })).find((m) => subject.test(m.subject))
  const url = message?.text.match(/https?:\/\/\S+/)?.[0]
  if (!url) throw new Error(`No email "${subject}" with a link to ${to}`)
  const link = new URL(url)
  expect(link.origin).toBe(SITE_URL)
  expect(link.pathname.startsWith('/api/auth/')).toBe(true)
  return link.pathname.slice('/api/auth'.length) + link.search
}

/** Signs up and opens the verification link from the outbox, as a person does before signing in. */
export async function signUpVerified(
  t: Backend,
  client: AuthClient,
  email: string,
  name = 'Ada Lovelace',
  password = PASSWORD,
) {
  const signedUp = await client.signUp(email, name, password)
  expect(signedUp.status).toBe(200)
  const opened = await client.request(await authLinkFromOutbox(t, email, /Verify your email/))
  expect(opened.status).toBe(302)
  return opened
}

/** Sessions written straight into Better Auth's table, as if from that many sign-ins (hashing no passwords). */
export async function insertSessions(t: Backend, authUserId: string, count: number) {
  await t.run(async (ctx) => {
    const now = Date.now()
    for (let i = 0; i < count; i++) {
      await ctx.runMutation(components.betterAuth.adapter.create, {
        input: {
          model: 'session',
          data: {
            token: `bulk-session-${authUserId}-${i}`,
            userId: authUserId,
            createdAt: now - i,
            updatedAt: now - i,
            expiresAt: now + SESSION_MAX_AGE_S * 1000,
            ipAddress: '198.51.100.7',
            userAgent: `Bulk/${i}`,
          },
        },
      })
    }
  })
}
