/** The app-page links Gatehouse's own emails carry (email change, recovery), read from the outbox. */
import { expect } from 'vitest'
import { internal } from '../../convex/_generated/api'
import { SITE_URL, type Backend } from './harness'

/** The token in the newest email to `to` whose subject matches, from its link's `param`. */
export async function linkTokenFromOutbox(t: Backend, to: string, subject: RegExp, param: string): Promise<string> {
  const message = (await t.query(internal.emails.outbox, { to })).find((m) => subject.test(m.subject))
  const url = message?.text.match(/https?:\/\/\S+/)?.[0]
  if (!url) throw new Error(`No email "${subject}" with a link to ${to}`)
  const link = new URL(url)
  expect(link.origin).toBe(SITE_URL)
  const token = link.searchParams.get(param)
  if (!token) throw new Error(`The link in "${subject}" has no ${param}`)
  return token
}

export async function securityEventTypes(t: Backend, email: string): Promise<string[]> {
  return await t.run(async (ctx) => {
    const user = await ctx.db
      .query('users')
      .withIndex('by_email', (q) => q.eq('email', email))
      .unique()
    if (!user) return []
    const events = await ctx.db
      .query('securityEvents')
      .withIndex('by_userId', (q) => q.eq('userId', user._id))
      .collect()
    return events.map((event) => event.type)
  })
}
