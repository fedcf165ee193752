import { ErrorCode } from '@lib/error-codes'
import { useRef, useState, type FormEvent } from 'react'
import { CheckboxField, FormAlert, FormStatus, SubmitButton } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { errorMessage } from '~/components/error-messages'
import { authRequest, refreshConvexTokenCookie } from '~/auth/auth-request'
import { NewPasswordFields } from './NewPasswordFields'
import { checkNewPassword, passwordRefusal, type NewPasswordErrors } from './password-fields'

type FieldErrors = NewPasswordErrors & { currentPassword?: string }

/** Needs the current password; by default also signs every other device out. */
export function ChangePasswordSection() {
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [done, setDone] = useState<string | null>(null)
  // A new key after a change empties the strength meter along with the fields.
  const [generation, setGeneration] = useState(0)
  const formAlert = useFormAlert()
  const formRef = useRef<HTMLFormElement>(null)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = event.currentTarget
    const values = new FormData(form)
    const currentPassword = String(values.get('currentPassword') ?? '')
    const newPassword = String(values.get('newPassword') ?? '')
    const revokeOtherSessions = values.get('revokeOtherSessions') === 'on'
    const errors: FieldErrors = {
      ...(currentPassword ? {} : { currentPassword: 'Enter your current password.' }),
      ...checkNewPassword(newPassword, String(values.get('confirmPassword') ?? '')),
    }
    setFieldErrors(errors)
    setDone(null)
    formAlert.clear()
    const firstInvalid = (['currentPassword', 'newPassword', 'confirmPassword'] as const).find((field) => errors[field])
    if (firstInvalid) return form.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()

    setPending(true)
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions, fetchOptions }),
    )
    // Signing the others out gives this device a new session too.
    if (result.ok && revokeOtherSessions) await refreshConvexTokenCookie()
    setPending(false)
    if (!result.ok) {
      if (result.failure.code === ErrorCode.InvalidPassword) {
        setFieldErrors({ currentPassword: 'That is not your current password.' })
        return form.querySelector<HTMLInputElement>('[name="currentPassword"]')?.focus()
      }
      const refusal = passwordRefusal(result.failure)
      if (refusal) {
        setFieldErrors({ newPassword: refusal })
        return form.querySelector<HTMLInputElement>('[name="newPassword"]')?.focus()
      }
      return formAlert.show(errorMessage(result.failure))
    }
    formRef.current?.reset()
    setGeneration((value) => value + 1)
    setDone(
      revokeOtherSessions
        ? 'Your password was changed, and every other device was signed out.'
        : 'Your password was changed.',
    )
  }

  return (
    <section aria-labelledby="change-password-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="change-password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="mt-4 space-y-4 sm:max-w-sm" aria-busy={pending}>
        <FormAlert alert={formAlert} />
        <FormStatus message={done} />
        <PasswordField
          label="Current password"
          name="currentPassword"
          autoComplete="current-password"
          required
          error={fieldErrors.currentPassword}
        />
        <NewPasswordFields key={generation} errors={fieldErrors} />
        <CheckboxField label="Sign out all other sessions" name="revokeOtherSessions" defaultChecked />
        <SubmitButton pending={pending} pendingLabel="Changing password…">
          Change password
        </SubmitButton>
      </form>
    </section>
  )
}
