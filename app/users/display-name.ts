import { ErrorCode } from '@lib/error-codes'
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

export type UpdateDisplayNameFailure = typeof ErrorCode.Unauthenticated | typeof ErrorCode.InvalidName | 'UNKNOWN'

/** The failure a rejected `users.updateName` stands for, by its ConvexError code. */
export function updateDisplayNameFailure(error: unknown): UpdateDisplayNameFailure {
  const code = error instanceof ConvexError ? (error.data as { code?: unknown }).code : undefined
  return code === ErrorCode.Unauthenticated || code === ErrorCode.InvalidName ? code : 'UNKNOWN'
}

export const updateDisplayNameMessages: Record<UpdateDisplayNameFailure, string> = {
  [ErrorCode.Unauthenticated]: 'Your session has ended. Sign in again to change your name.',
  [ErrorCode.InvalidName]: `A display name has 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
  UNKNOWN: 'Your name could not be changed. Please try again.',
}
