/**
 * Emails the in-memory Convex stand-in "sent", read from its development outbox as the deployment's admin (what
 * `npx convex run emails:outbox` does), for scripts that act as people who click the links they are emailed.
 */
import { ConvexHttpClient } from 'convex/browser'

const POLL_INTERVAL_MS = 100
const POLL_ATTEMPTS = 50

/** The link in the newest email to `to` whose subject matches; waits briefly for it to arrive. */
export async function emailedLink({ convexUrl, adminKey }, to, subject) {
  const client = new ConvexHttpClient(convexUrl, { logger: false })
  client.setAdminAuth(adminKey)
  for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt++) {
    const email = (await client.query('emails:outbox', { to })).find((message) => subject.test(message.subject))
    const link = email?.text.match(/https?:\/\/\S+/)?.[0]
    if (link) return link
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
  throw new Error(`no "${subject.source}" email reached ${to}`)
}
