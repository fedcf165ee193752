import { ErrorCode } from '@lib/error-codes'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import type { AuthFailure } from '~/auth/auth-request'
import { errorMessage } from '~/components/error-messages'

export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, hard to guess. A few unrelated words make a strong one.`

export type NewPasswordErrors = { newPassword?: string; confirmPassword?: string }

/** Quick feedback before the round trip; Better Auth enforces the same limits (lib/policy.ts). */
export function checkNewPassword(newPassword: string, confirmPassword: string): NewPasswordErrors {
  if (newPassword.length < PASSWORD_MIN_LENGTH)
    return { newPassword: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }
  if (newPassword.length > PASSWORD_MAX_LENGTH) return { newPassword: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }
  if (newPassword !== confirmPassword) return { confirmPassword: 'The two passwords are not the same.' }
  return {}
}

const PASSWORD_REFUSALS = new Set<AuthFailure['code']>([
  ErrorCode.PasswordTooWeak,
  ErrorCode.PasswordBreached,
  ErrorCode.PasswordUnchanged,
])

/** Why the server refused a new password, for the field itself; null when the failure is about something else. */
export function passwordRefusal(failure: AuthFailure): string | null {
  return PASSWORD_REFUSALS.has(failure.code) ? errorMessage(failure) : null
}
