import { ErrorCode } from '@lib/error-codes'
import { useRouter } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { useSessionStore } from '~/auth/use-session-store'
import type { CurrentUser } from '~/users/current-user-result'
import { errorMessage } from '~/components/error-messages'
import { readCurrentCode } from '~/two-factor/ReplaceAuthenticatorForm'
import { TOTP_DIGITS } from '@lib/policy'
import { authRequest } from '~/auth/auth-request'

const CONFIRMATION_PHRASE = 'delete my account'

/** The typed confirmation: the phrase or the account's email, ignoring case and surrounding spaces. */
export function isDeletionConfirmed(typed: string, email: string): boolean {
  const answer = typed.trim().toLowerCase()
  return answer === CONFIRMATION_PHRASE || answer === email.toLowerCase()
}

type FieldErrors = { password?: string; code?: string; confirmation?: string }

const FIELDS = ['password', 'code', 'confirmation'] as const

/**
 * Deleting the account removes every row about the user (Convex deletes in cascade), so it asks for the password,
 * a second-factor code when two-factor is on (the backend insists on both, however recent the sign-in) and a typed
 * confirmation. Afterwards this browser is signed out and lands on the home page, which says so.
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
    const code = user.twoFactorEnabled ? readCurrentCode(String(values.get('code') ?? '')) : null
    const errors: FieldErrors = {}
    if (!password) errors.password = 'Enter your password.'
    if (user.twoFactorEnabled && !code) {
      errors.code = `Enter the ${TOTP_DIGITS}-digit code your app shows now, or one of your backup codes.`
    }
    if (!isDeletionConfirmed(String(values.get('confirmation') ?? ''), user.email)) {
      errors.confirmation = `Type “${CONFIRMATION_PHRASE}” or your email address.`
    }
    setFieldErrors(errors)
    formAlert.clear()
    const firstInvalid = FIELDS.find((field) => errors[field])
    if (firstInvalid) return form.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()

    setPending(true)
    // `code` is Gatehouse's addition to Better Auth's /delete-user (convex/model/accountSecurity.ts).
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ success: boolean }>('/delete-user', {
        method: 'POST',
        body: code ? { password, code } : { password },
        ...fetchOptions,
      }),
    )
    if (!result.ok) {
      setPending(false)
      const failedCode = result.failure.code
      if (failedCode === ErrorCode.InvalidPassword) {
        setFieldErrors({ password: 'That password is not right.' })
        return form.querySelector<HTMLInputElement>('[name="password"]')?.focus()
      }
      if (
        failedCode === ErrorCode.InvalidTwoFactorCode ||
        failedCode === ErrorCode.TotpReplayed ||
        failedCode === ErrorCode.TwoFactorCodeRequired
      ) {
        setFieldErrors({ code: errorMessage(result.failure) })
        return form.querySelector<HTMLInputElement>('[name="code"]')?.focus()
      }
      return formAlert.show(errorMessage(result.failure))
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
        <FormAlert alert={formAlert} />
        <PasswordField
          label="Your password"
          name="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        {user.twoFactorEnabled ? (
          <TextField
            label="Two-factor code"
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            required
            hint="From your authenticator app, or one of your backup codes."
            error={fieldErrors.code}
          />
        ) : null}
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
        <SubmitButton variant="danger" pending={pending} pendingLabel="Deleting your account…">
          Delete my account
        </SubmitButton>
      </form>
    </section>
  )
}
