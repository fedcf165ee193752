import { components } from './_generated/api'
import { authedQuery } from './lib/functions'
import { PASSKEYS_LISTED_MAX } from '../lib/policy'

type PasskeyRow = {
  _id: string
  _creationTime: number
  name?: string | null
  createdAt?: number | null
  backedUp: boolean
}

/**
 * The signed-in user's passkeys, live over the WebSocket like the rest of /settings/security. Adding, renaming and
 * deleting go through Better Auth's passkey endpoints (convex/model/passkeys.ts), whose writes this query sees.
 */
export const list = authedQuery({
  args: {},
  handler: async (ctx) => {
    const result = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
      model: 'passkey',
      where: [{ field: 'userId', value: ctx.user.authUser._id }],
      paginationOpts: { cursor: null, numItems: PASSKEYS_LISTED_MAX },
    })) as unknown as { page: PasskeyRow[] }
    return result.page.map((passkey) => ({
      id: passkey._id,
      name: passkey.name ?? null,
      createdAt: passkey.createdAt ?? passkey._creationTime,
      backedUp: passkey.backedUp,
    }))
  },
})
