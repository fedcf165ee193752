import { isNetworkFailure } from '@lib/network-failure'
import type { FunctionReturnType } from 'convex/server'
import { BACKEND_UNAVAILABLE } from '~/auth/backend-unavailable'
import type { api } from '../../convex/_generated/api'

export type CurrentUser = NonNullable<FunctionReturnType<typeof api.auth.getCurrentUser>>

export type CurrentUserResult =
  { status: 'signed-in'; user: CurrentUser } | { status: 'signed-out' } | { status: typeof BACKEND_UNAVAILABLE }

/** Runs `api.auth.getCurrentUser` however the caller reaches Convex, and names the three outcomes. */
export async function toCurrentUserResult(query: () => Promise<CurrentUser | null>): Promise<CurrentUserResult> {
  try {
    const user = await query()
    return user ? { status: 'signed-in', user } : { status: 'signed-out' }
  } catch (error) {
    if (isNetworkFailure(error)) return { status: BACKEND_UNAVAILABLE }
    throw error
  }
}
