import { authComponent, createAuth } from './auth'
import { authedQuery } from './lib/functions'

/** Better Auth's view of the current session, read server-side with the session's own token. */
export const current = authedQuery({
  args: {},
  handler: async (ctx) => {
    const { auth, headers } = await authComponent.getAuth(createAuth, ctx)
    // A query cannot write, so Better Auth must not try to extend the session here.
    const result = await auth.api.getSession({ headers, query: { disableRefresh: true } })
    if (!result) return null
    const { session } = result
    return {
      id: session.id,
      createdAt: new Date(session.createdAt).getTime(),
      expiresAt: new Date(session.expiresAt).getTime(),
      ipAddress: session.ipAddress ?? null,
      userAgent: session.userAgent ?? null,
    }
  },
})
