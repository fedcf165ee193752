import type { ErrorCode } from '@lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH } from '@lib/policy'
import { normalizeDisplayName } from '@lib/profile'
import { ConvexError } from 'convex/values'

export type DisplayNameCheck = { ok: true; name: string } | { ok: false; message: string }

/**
 * The display-name rule for the form's instant feedback; Convex (`users.updateName`) enforces the same limits.
 * Plain code, so the dashboard's bundle does not carry a validation library.
 */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const checked = normalizeDisplayName(raw)
  return checked.ok ? { ok: true, name: checked.value } : checked
}

// The two codes as literals checked against ErrorCode: importing the object would put every code on the dashboard.
const UNAUTHENTICATED = 'UNAUTHENTICATED' satisfies ErrorCode
const INVALID_NAME = 'INVALID_NAME' satisfies ErrorCode
export type UpdateDisplayNameFailure = typeof UNAUTHENTICATED | typeof INVALID_NAME | 'UNKNOWN'

export function updateDisplayNameFailure(error: unknown): UpdateDisplayNameFailure {
  const code = error instanceof ConvexError ? (error.data as { code?: unknown }).code : undefined
  return code === UNAUTHENTICATED || code === INVALID_NAME ? code : 'UNKNOWN'
}

export const updateDisplayNameMessages: Record<UpdateDisplayNameFailure, string> = {
  [UNAUTHENTICATED]: 'Your session has ended. Sign in again to change your name.',
  [INVALID_NAME]: `A display name has 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
  UNKNOWN: 'Your name could not be changed. Please try again.',
}
