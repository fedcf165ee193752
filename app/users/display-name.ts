import { ErrorCode } from '@lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH } from '@lib/policy'
import { normalizeDisplayName } from '@lib/profile'
import { BACKEND_UNAVAILABLE } from '~/auth/backend-unavailable'

export type DisplayNameCheck = { ok: true; name: string } | { ok: false; message: string }

/**
 * The display-name rule, in one place: the form uses it for instant feedback, the server function's zod schema
 * (app/server-fns/users.ts) wraps it, and Convex enforces the same limits again. Plain code, so the dashboard's
 * bundle does not carry a validation library.
 */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const checked = normalizeDisplayName(raw)
  return checked.ok ? { ok: true, name: checked.value } : checked
}

export type UpdateDisplayNameFailure =
  | typeof ErrorCode.Unauthenticated
  | typeof ErrorCode.InvalidName
  | typeof BACKEND_UNAVAILABLE
  | 'UNKNOWN'

export type UpdateDisplayNameResult = { ok: true } | { ok: false; code: UpdateDisplayNameFailure }

export const updateDisplayNameMessages: Record<UpdateDisplayNameFailure, string> = {
  [ErrorCode.Unauthenticated]: 'Your session has ended. Sign in again to change your name.',
  [ErrorCode.InvalidName]: `A display name has 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
  [BACKEND_UNAVAILABLE]: 'Gatehouse cannot reach its account service right now. Please try again in a moment.',
  UNKNOWN: 'Your name could not be changed. Please try again.',
}
