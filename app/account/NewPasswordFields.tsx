import { useState } from 'react'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import { PasswordField } from '~/components/PasswordField'
import { NEW_PASSWORD_HINT, type NewPasswordErrors } from './password-fields'
import { PasswordStrengthMeter } from './PasswordStrengthMeter'

/** "New password" and its confirmation, for changing and for resetting a password alike. */
export function NewPasswordFields({
  errors,
  autoFocus = false,
  related,
}: {
  errors: NewPasswordErrors
  autoFocus?: boolean
  /** The account's own name and email, which make a password easy to guess. */
  related?: string[]
}) {
  const [newPassword, setNewPassword] = useState('')
  return (
    <>
      <PasswordField
        label="New password"
        name="newPassword"
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        hint={NEW_PASSWORD_HINT}
        error={errors.newPassword}
        onChange={(event) => setNewPassword(event.currentTarget.value)}
      />
      <PasswordStrengthMeter password={newPassword} related={related} />
      <PasswordField
        label="Confirm new password"
        name="confirmPassword"
        autoComplete="new-password"
        required
        maxLength={PASSWORD_MAX_LENGTH}
        error={errors.confirmPassword}
      />
    </>
  )
}
