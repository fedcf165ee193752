/**
 * The emails Gatehouse sent, read from the development outbox (`internal.emails.outbox`) as the deployment's
 * admin: the real ConvexHttpClient with an admin key, as `npx convex run emails:outbox` does. playwright.config.ts
 * gives the in-memory backend its admin key and passes it here.
 */
import { expect } from '@playwright/test'
import { ConvexHttpClient } from 'convex/browser'
import { getFunctionName, makeFunctionReference } from 'convex/server'
import { internal } from '../../convex/_generated/api'

type Email = { sentAt: number; to: string; subject: string; text: string }

// ConvexHttpClient's types take public functions only; an admin may call internal ones by name.
const outbox = makeFunctionReference<'query', { to?: string }, Email[]>(getFunctionName(internal.emails.outbox))

function adminClient(): ConvexHttpClient {
  const url = process.env.E2E_CONVEX_API_URL
  const adminKey = process.env.E2E_CONVEX_ADMIN_KEY
  if (!url || !adminKey) throw new Error('E2E_CONVEX_API_URL and E2E_CONVEX_ADMIN_KEY are set by playwright.config.ts')
  const client = new ConvexHttpClient(url, { logger: false })
  // Convex marks setAdminAuth internal, so its type is not published.
  ;(client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(adminKey)
  return client
}

/** Every email to `to`, newest first. */
export function emailsTo(to: string): Promise<Email[]> {
  return adminClient().query(outbox, { to })
}

/** Waits for the newest email to `to` whose subject matches, and returns the link in it. */
export async function linkFromEmail(to: string, subject: RegExp): Promise<string> {
  let link: string | undefined
  await expect
    .poll(
      async () => {
        const email = (await emailsTo(to)).find((message) => subject.test(message.subject))
        link = email?.text.match(/https?:\/\/\S+/)?.[0]
        return link
      },
      { message: `an email "${subject.source}" with a link to ${to}` },
    )
    .toBeDefined()
  return link!
}
