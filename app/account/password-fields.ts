import { ErrorCode } from '@lib/error-codes'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'

export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, hard to guess. A few unrelated words make a strong one.`

export type NewPasswordErrors = { newPassword?: string; confirmPassword?: string }

/** Quick feedback before the round trip; Better Auth enforces the same limits (lib/policy.ts). */
export function checkNewPassword(newPassword: string, confirmPassword: string): NewPasswordErrors {
  if (newPassword.length < PASSWORD_MIN_LENGTH) return { newPassword: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }
  if (newPassword.length > PASSWORD_MAX_LENGTH) return { newPassword: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }
  if (newPassword !== confirmPassword) return { confirmPassword: 'The two passwords are not the same.' }
  return {}
}

/** Why the server refused a new password, for the field itself; null when the failure is about something else. */
export function passwordRefusal(failure: { code?: string; reason?: string }): string | null {
  switch (failure.code) {
    case ErrorCode.PasswordTooWeak:
      return `This password is too easy to guess. ${failure.reason ?? ''} A few unrelated words make a strong one.`.replace(/\s+/g, ' ')
    case ErrorCode.PasswordBreached:
      return 'This password appeared in a data breach, so attackers try it first. Choose another one.'
    case ErrorCode.PasswordUnchanged:
      return 'Choose a password different from your current one.'
    default:
      return null
  }
}
