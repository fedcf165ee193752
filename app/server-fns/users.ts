/**
 * Server functions for the signed-in user. They run on the Start server, call Convex as the visitor (cookie
 * JWT, see lib/auth-server.ts) and return plain results the UI can map to words.
 */
import { fetchAuthMutation, fetchAuthQuery } from '@lib/auth-server'
import { ErrorCode } from '@lib/error-codes'
import { isNetworkFailure } from '@lib/network-failure'
import { createServerFn } from '@tanstack/react-start'
import { ConvexError } from 'convex/values'
import { z } from 'zod'
import { BACKEND_UNAVAILABLE } from '~/auth/backend-unavailable'
import { currentUserOnServer } from '~/server/session.server'
import type { CurrentUserResult } from '~/users/current-user-result'
import { checkDisplayName, type UpdateDisplayNameResult } from '~/users/display-name'
import { api } from '../../convex/_generated/api'

export type { CurrentUser, CurrentUserResult } from '~/users/current-user-result'

/** For client-side navigations; a server render queries with the request's own Convex client instead. */
export const getCurrentUser = createServerFn({ method: 'GET' }).handler(
  async (): Promise<CurrentUserResult> => currentUserOnServer(() => fetchAuthQuery(api.auth.getCurrentUser, {})),
)

// Runs on the server only: Start strips validators from the browser's copy of a server function.
const displayNameInput = z.object({
  name: z.string().transform((raw, context) => {
    const checked = checkDisplayName(raw)
    if (checked.ok) return checked.name
    context.addIssue({ code: 'custom', message: checked.message })
    return z.NEVER
  }),
})

export const updateDisplayName = createServerFn({ method: 'POST' })
  .validator(displayNameInput)
  .handler(async ({ data }): Promise<UpdateDisplayNameResult> => {
    try {
      await fetchAuthMutation(api.users.updateName, { name: data.name })
      return { ok: true }
    } catch (error) {
      if (isNetworkFailure(error)) return { ok: false, code: BACKEND_UNAVAILABLE }
      const code = error instanceof ConvexError ? (error.data as { code?: unknown }).code : undefined
      if (code === ErrorCode.Unauthenticated || code === ErrorCode.InvalidName) return { ok: false, code }
      console.error('updateDisplayName failed', error)
      return { ok: false, code: 'UNKNOWN' }
    }
  })
