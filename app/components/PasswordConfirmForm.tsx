import { useState, type FormEvent, type ReactNode } from 'react'
import { FormAlert, SubmitButton } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { NETWORK_ERROR_MESSAGE } from '~/auth/auth-request'
import { Button, type ButtonVariant } from '~/components/Button'

/**
 * Sensitive actions ask for the password again (the backend insists; this is where people type it): changing a
 * factor, or re-authenticating a stale session. `onConfirm` resolves to an error message to show, or null when
 * the action worked.
 */
export function PasswordConfirmForm({
  title,
  description,
  submitLabel,
  pendingLabel,
  submitVariant,
  onConfirm,
  onCancel,
  autoFocus = true,
}: {
  title?: string
  description: ReactNode
  submitLabel: string
  pendingLabel: string
  /** `danger` when confirming ends something (turning two-factor off). */
  submitVariant?: ButtonVariant
  onConfirm: (password: string) => Promise<string | null>
  onCancel?: () => void
  /** Off when the form appears on its own rather than in answer to something the person just did. */
  autoFocus?: boolean
}) {
  const [pending, setPending] = useState(false)
  const [fieldError, setFieldError] = useState<string | undefined>()
  const formAlert = useFormAlert()

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const password = String(new FormData(event.currentTarget).get('password') ?? '')
    formAlert.clear()
    if (!password) {
      setFieldError('Enter your password.')
      return
    }
    setFieldError(undefined)
    setPending(true)
    try {
      const problem = await onConfirm(password)
      if (problem) formAlert.show(problem)
    } catch {
      formAlert.show(NETWORK_ERROR_MESSAGE)
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <div className="space-y-1">
        {title ? <h3 className="font-semibold text-slate-900">{title}</h3> : null}
        <p className="text-sm text-slate-700">{description}</p>
      </div>
      <FormAlert alert={formAlert} />
      <div className="sm:max-w-sm">
        <PasswordField
          label="Your password"
          name="password"
          autoComplete="current-password"
          required
          autoFocus={autoFocus}
          error={fieldError}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <div className="w-full sm:w-auto">
          <SubmitButton pending={pending} pendingLabel={pendingLabel} variant={submitVariant}>
            {submitLabel}
          </SubmitButton>
        </div>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
      </div>
    </form>
  )
}
