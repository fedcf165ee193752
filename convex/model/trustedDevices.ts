import { components } from '../_generated/api'
import type { MutationCtx } from '../_generated/server'

// Better Auth's two-factor plugin stores each trusted device as a verification row with this identifier prefix
// and the user id as value; the trust_device cookie names the row.
export const TRUST_DEVICE_IDENTIFIER_PREFIX = 'trust-device-'
const DELETE_BATCH_SIZE = 100

/**
 * Ends every trusted device of the account: their next sign-in asks for the second factor again. Called whenever
 * something a trusted device vouches for changes (the factor, the password, the account's sessions).
 */
export async function endTrustedDevices(ctx: MutationCtx, authUserId: string) {
  let cursor: string | null = null
  do {
    const result: { continueCursor: string; isDone: boolean } = await ctx.runMutation(
      components.betterAuth.adapter.deleteMany,
      {
        input: {
          model: 'verification',
          where: [
            { field: 'value', value: authUserId },
            { field: 'identifier', operator: 'starts_with', value: TRUST_DEVICE_IDENTIFIER_PREFIX },
          ],
        },
        paginationOpts: { cursor, numItems: DELETE_BATCH_SIZE },
      },
    )
    cursor = result.isDone ? null : result.continueCursor
  } while (cursor)
}
