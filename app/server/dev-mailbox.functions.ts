/**
 * The dev mailbox's data. The Convex deployment decides whether the mailbox is open (convex/emails.ts
 * devMailbox): the same production build shows it against a local backend and answers 404 against a real one.
 */
import { serverEnv } from '~/server/env.server'
import { createServerFn } from '@tanstack/react-start'
import { ConvexHttpClient } from 'convex/browser'
import { api } from '../../convex/_generated/api'

export const getDevMailbox = createServerFn({ method: 'GET' }).handler(async () => {
  const client = new ConvexHttpClient(serverEnv().VITE_CONVEX_URL, { logger: false })
  return await client.query(api.emails.devMailbox, {})
})
