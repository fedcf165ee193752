import { REAUTHENTICATE_PATH } from '@lib/auth-routes'
import { useState, type FormEvent } from 'react'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { accountErrorMessage } from './account-error-message'
import { authRequest } from '~/auth/auth-request'
import { secondaryButton } from '~/components/button-styles'


/**
 * Seeing and ending sessions needs a recent sign-in (FRESH_SESSION_MAX_AGE_S). When the session is older, this
 * asks for the password once more instead of failing; `onConfirmed` runs once the session is fresh again.
 */
export function ConfirmPasswordPrompt({
  description,
  onConfirmed,
  onCancel,
  autoFocus = false,
}: {
  description: string
  onConfirmed: () => void
  onCancel?: () => void
  /** Only when the prompt answers something the person just did; appearing on its own it leaves focus alone. */
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
    if (!password) return setFieldError('Enter your password.')
    setFieldError(undefined)
    setPending(true)
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ status: boolean }>(REAUTHENTICATE_PATH, { method: 'POST', body: { password }, ...fetchOptions }),
    )
    setPending(false)
    if (result.ok) onConfirmed()
    else formAlert.show(accountErrorMessage(result.failure))
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <p className="text-sm text-slate-700">{description}</p>
      <FormAlert ref={formAlert.ref} message={formAlert.message} />
      <div className="sm:max-w-sm">
        <TextField
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={autoFocus}
          error={fieldError}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <div className="w-full sm:w-auto">
          <SubmitButton pending={pending} pendingLabel="Checking…">
            Confirm password
          </SubmitButton>
        </div>
        {onCancel ? (
          <button type="button" onClick={onCancel} className={secondaryButton}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  )
}
