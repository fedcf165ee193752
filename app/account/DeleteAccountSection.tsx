import { ErrorCode } from '@lib/error-codes'
import { useRouter } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { FormAlert, Spinner, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { useSessionStore } from '~/auth/use-session-store'
import type { CurrentUser } from '~/users/current-user-result'
import { accountErrorMessage } from './account-error-message'
import { authRequest } from '~/auth/auth-request'
import { dangerButton } from '~/components/button-styles'

const CONFIRMATION_PHRASE = 'delete my account'

/** The typed confirmation: the phrase or the account's email, ignoring case and surrounding spaces. */
export function isDeletionConfirmed(typed: string, email: string): boolean {
  const answer = typed.trim().toLowerCase()
  return answer === CONFIRMATION_PHRASE || answer === email.toLowerCase()
}

type FieldErrors = { password?: string; confirmation?: string }

/**
 * Deleting the account removes every row about the user (Convex deletes in cascade), so it asks for the password
 * and a typed confirmation. Afterwards this browser is signed out and lands on the home page, which says so.
 */
export function DeleteAccountSection({ user }: { user: CurrentUser }) {
  const router = useRouter()
  const session = useSessionStore()
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const formAlert = useFormAlert()

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = event.currentTarget
    const values = new FormData(form)
    const password = String(values.get('password') ?? '')
    const errors: FieldErrors = {}
    if (!password) errors.password = 'Enter your password.'
    if (!isDeletionConfirmed(String(values.get('confirmation') ?? ''), user.email)) {
      errors.confirmation = `Type “${CONFIRMATION_PHRASE}” or your email address.`
    }
    setFieldErrors(errors)
    formAlert.clear()
    const firstInvalid = (['password', 'confirmation'] as const).find((field) => errors[field])
    if (firstInvalid) return form.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()

    setPending(true)
    const result = await authRequest((authClient, fetchOptions) => authClient.deleteUser({ password, fetchOptions }))
    if (!result.ok) {
      setPending(false)
      if (result.failure.code === ErrorCode.InvalidPassword) {
        setFieldErrors({ password: 'That password is not right.' })
        return form.querySelector<HTMLInputElement>('[name="password"]')?.focus()
      }
      return formAlert.show(accountErrorMessage(result.failure))
    }
    // Better Auth has already cleared the cookies; the browser must forget the session too.
    session.markSignedOut()
    await router.navigate({ to: '/', search: { notice: 'account-deleted' } })
    await router.invalidate()
  }

  return (
    <section aria-labelledby="delete-account-heading" className="rounded-lg border-2 border-red-300 bg-red-50/40 p-6">
      <h2 id="delete-account-heading" className="text-lg font-semibold text-red-800">
        Delete account
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        This deletes your account, your sessions, your two-factor settings and your security history, at once and for
        good. It cannot be undone.
      </p>
      <form onSubmit={handleSubmit} noValidate className="mt-4 space-y-4 sm:max-w-sm" aria-busy={pending}>
        <FormAlert ref={formAlert.ref} message={formAlert.message} />
        <TextField
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <TextField
          label="Confirm"
          name="confirmation"
          autoComplete="off"
          spellCheck={false}
          required
          hint={
            <>
              Type <strong>{CONFIRMATION_PHRASE}</strong> or your email address.
            </>
          }
          error={fieldErrors.confirmation}
        />
        <button type="submit" aria-disabled={pending || undefined} className={dangerButton}>
          {pending ? <Spinner /> : null}
          {pending ? 'Deleting your account…' : 'Delete my account'}
        </button>
      </form>
    </section>
  )
}
