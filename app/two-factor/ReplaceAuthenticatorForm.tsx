import { useState, type FormEvent } from 'react'
import { normalizeBackupCode } from '@lib/backup-code'
import { TOTP_DIGITS } from '@lib/policy'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { NETWORK_ERROR_MESSAGE } from '~/auth/auth-request'
import { Button } from '~/components/Button'

type FieldErrors = { password?: string; code?: string }

/** A current authenticator code as typed (digits only), a backup code in its stored shape, or null. */
export function readCurrentCode(typed: string): string | null {
  const digits = typed.replace(/\s/g, '')
  if (new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits)) return digits
  return normalizeBackupCode(typed)
}

/**
 * Replacing the authenticator app (a new phone, or a secret that may have leaked) proves both the password and the
 * current second factor, so a stolen password and session cannot re-key the account. `onConfirm` resolves to the
 * problem to show, or null when the new secret is ready.
 */
export function ReplaceAuthenticatorForm({
  onConfirm,
  onCancel,
}: {
  onConfirm: (password: string, code: string) => Promise<{ field?: keyof FieldErrors; message: string } | null>
  onCancel: () => void
}) {
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const formAlert = useFormAlert()

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = event.currentTarget
    const values = new FormData(form)
    const password = String(values.get('password') ?? '')
    const code = readCurrentCode(String(values.get('currentCode') ?? ''))
    const errors: FieldErrors = {}
    if (!password) errors.password = 'Enter your password.'
    if (!code) errors.code = `Enter the ${TOTP_DIGITS}-digit code your app shows now, or one of your backup codes.`
    setFieldErrors(errors)
    formAlert.clear()
    const firstInvalid = errors.password ? 'password' : errors.code ? 'currentCode' : null
    if (firstInvalid || !code) return form.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()
    setPending(true)
    try {
      const problem = await onConfirm(password, code)
      if (!problem) return
      if (problem.field) {
        setFieldErrors({ [problem.field]: problem.message })
        form
          .querySelector<HTMLInputElement>(`[name="${problem.field === 'code' ? 'currentCode' : 'password'}"]`)
          ?.focus()
      } else formAlert.show(problem.message)
    } catch {
      formAlert.show(NETWORK_ERROR_MESSAGE)
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <div className="space-y-1">
        <h3 className="font-semibold text-slate-900">Replace your authenticator app</h3>
        <p className="text-sm text-slate-700">
          Your current app and backup codes stop working as soon as you continue; you then connect the new app and get
          new backup codes. We email you about the change.
        </p>
      </div>
      <FormAlert alert={formAlert} />
      <PasswordField
        label="Your password"
        name="password"
        autoComplete="current-password"
        required
        autoFocus
        error={fieldErrors.password}
      />
      <TextField
        label="Current code"
        name="currentCode"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        required
        hint="From your current authenticator app, or one of your backup codes."
        error={fieldErrors.code}
      />
      <div className="flex flex-wrap items-center gap-3">
        <div className="w-full sm:w-auto">
          <SubmitButton pending={pending} pendingLabel="Checking…">
            Continue
          </SubmitButton>
        </div>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  )
}
