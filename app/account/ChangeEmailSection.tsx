import { EMAIL_CHANGE_REQUEST_PATH } from '@lib/auth-routes'
import { ErrorCode } from '@lib/error-codes'
import { EMAIL_CHANGE_UNDO_MS, EMAIL_MAX_LENGTH } from '@lib/policy'
import { useRef, useState, type FormEvent } from 'react'
import { authRequest } from '~/auth/auth-request'
import { FormAlert, FormStatus, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { useLiveQuery } from '~/two-factor/use-live-query'
import { api } from '../../convex/_generated/api'
import { errorMessage } from '~/components/error-messages'
import { ConfirmPasswordPrompt } from './ConfirmPasswordPrompt'

/**
 * The sign-in address. A new one counts only after its emailed link is opened; the old one is told and can undo the
 * change for EMAIL_CHANGE_UNDO_MS. Asking needs a fresh sign-in: a stale one gets the password prompt, then the
 * request goes again.
 */
export function ChangeEmailSection({ email }: { email: string }) {
  const pending = useLiveQuery(api.emailChanges.pending)
  const [sending, setSending] = useState(false)
  const [fieldError, setFieldError] = useState<string | undefined>()
  const [askPassword, setAskPassword] = useState<string | null>(null)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const formAlert = useFormAlert()
  const inputRef = useRef<HTMLInputElement>(null)

  async function request(newEmail: string) {
    formAlert.clear()
    setSending(true)
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ status: boolean }>(EMAIL_CHANGE_REQUEST_PATH, {
        method: 'POST',
        body: { newEmail },
        ...fetchOptions,
      }),
    )
    setSending(false)
    if (result.ok) {
      setSentTo(newEmail)
      return
    }
    if (result.failure.code === ErrorCode.SessionNotFresh) return setAskPassword(newEmail)
    formAlert.show(errorMessage(result.failure))
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (sending) return
    const newEmail = String(new FormData(event.currentTarget).get('newEmail') ?? '').trim()
    if (!/^[^\s@]+@[^\s@]+$/.test(newEmail)) {
      setFieldError('Enter an email address like name@example.com.')
      return inputRef.current?.focus()
    }
    setFieldError(undefined)
    setSentTo(null)
    void request(newEmail)
  }

  const waitingFor = sentTo ?? (pending.status === 'ready' ? pending.data?.newEmail : undefined)
  return (
    <section aria-labelledby="change-email-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="change-email-heading" className="text-lg font-semibold">
        Email address
      </h2>
      <p className="mt-2 text-slate-700">
        You sign in with <strong>{email}</strong>. A new address takes effect once you open the link we email to it;{' '}
        {email} is told and can undo the change for {EMAIL_CHANGE_UNDO_MS / 3_600_000} hours.
      </p>
      <FormStatus
        message={waitingFor ? `We sent a confirmation link to ${waitingFor}. Open it to finish the change.` : null}
      />
      {askPassword ? (
        <ConfirmPasswordPrompt
          description="Confirm your password to change your email address."
          autoFocus
          onConfirmed={() => {
            const newEmail = askPassword
            setAskPassword(null)
            void request(newEmail)
          }}
          onCancel={() => setAskPassword(null)}
        />
      ) : (
        <form onSubmit={handleSubmit} noValidate className="mt-4 space-y-4 sm:max-w-sm" aria-busy={sending}>
          <FormAlert alert={formAlert} />
          <TextField
            ref={inputRef}
            label="New email address"
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            maxLength={EMAIL_MAX_LENGTH}
            error={fieldError}
          />
          <SubmitButton pending={sending} pendingLabel="Sending…">
            Change email
          </SubmitButton>
        </form>
      )}
    </section>
  )
}
