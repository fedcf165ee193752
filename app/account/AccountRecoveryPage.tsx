import { Link } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { RECOVERY_CANCEL_PATH, RECOVERY_REQUEST_PATH, RECOVERY_START_PATH } from '@lib/auth-routes'
import { EMAIL_MAX_LENGTH, RECOVERY_LINK_TTL_MS } from '@lib/policy'
import { authRequest } from '~/auth/auth-request'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { errorMessage } from '~/components/error-messages'
import type { EmailedLinkSearch } from './emailed-link-search'
import { LinkActionPage } from './LinkActionPage'

const shell = 'mx-auto max-w-md px-4 py-12'
const success = 'mt-6 space-y-3 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-green-900'

/** One POST with a body; the form's pending and alert state. */
function usePost<T>(path: string) {
  const [pending, setPending] = useState(false)
  const [data, setData] = useState<T | null>(null)
  const formAlert = useFormAlert()
  async function post(body: Record<string, string>) {
    if (pending) return
    formAlert.clear()
    setPending(true)
    const answer = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<T>(path, { method: 'POST', body, ...fetchOptions }),
    )
    setPending(false)
    if (answer.ok) setData(answer.data)
    else formAlert.show(errorMessage(answer.failure))
  }
  return { pending, data, formAlert, post }
}

function RequestRecoveryLink() {
  const { pending, data, formAlert, post } = usePost<{ status: boolean }>(RECOVERY_REQUEST_PATH)
  const [email, setEmail] = useState('')
  const [fieldError, setFieldError] = useState<string | undefined>()
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const value = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) return setFieldError('Enter an email address like name@example.com.')
    setFieldError(undefined)
    setEmail(value)
    void post({ email: value })
  }
  return (
    <main id="main" className={shell}>
      <h1 className="text-2xl font-semibold">Can’t use your authenticator?</h1>
      {data ? (
        <div role="status" className={success}>
          <p>
            If <strong>{email}</strong> has an account with two-factor authentication, we sent it a recovery link. It
            works once, for {RECOVERY_LINK_TTL_MS / 60_000} minutes.
          </p>
        </div>
      ) : (
        <>
          <p className="mt-3 text-slate-700">
            Lost both your authenticator app and your backup codes? We email you a link; with it and your password, a
            waiting period starts. When it ends, two-factor authentication is removed and you sign in with your
            password. The account’s owner is told at once and can cancel it.
          </p>
          <form onSubmit={handleSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
            <FormAlert alert={formAlert} />
            <TextField
              label="Email"
              name="email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              maxLength={EMAIL_MAX_LENGTH}
              error={fieldError}
            />
            <SubmitButton pending={pending} pendingLabel="Sending…">
              Email me a recovery link
            </SubmitButton>
          </form>
        </>
      )}
      <p className="mt-6 text-sm text-slate-700">
        <Link to="/sign-in" className="font-semibold text-indigo-700 underline">
          Back to sign in
        </Link>
      </p>
    </main>
  )
}

function StartRecovery({ token }: { token: string }) {
  const { pending, data, formAlert, post } = usePost<{ status: boolean; completesAt: number }>(RECOVERY_START_PATH)
  const [fieldError, setFieldError] = useState<string | undefined>()
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const password = String(new FormData(event.currentTarget).get('password') ?? '')
    if (!password) return setFieldError('Enter your password.')
    setFieldError(undefined)
    void post({ token, password })
  }
  return (
    <main id="main" className={shell}>
      <h1 className="text-2xl font-semibold">Recover your account</h1>
      {data ? (
        <div role="status" className={success}>
          <p>
            Recovery started. At <strong>{new Date(data.completesAt).toLocaleString()}</strong> two-factor
            authentication will be removed and every device signed out; then sign in with your password and set up
            two-factor authentication again.
          </p>
          <p className="text-sm">
            We emailed the account about it. Signing in with your authenticator or a backup code cancels it.
          </p>
        </div>
      ) : (
        <form onSubmit={handleSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
          <p className="text-slate-700">Enter your password to start the waiting period.</p>
          <FormAlert alert={formAlert} />
          <PasswordField
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            autoFocus
            error={fieldError}
          />
          <SubmitButton pending={pending} pendingLabel="Starting…">
            Start recovery
          </SubmitButton>
        </form>
      )}
    </main>
  )
}

/** /recover: ask for a link, start the waiting period with it, or (the owner) cancel a recovery. */
export function AccountRecoveryPage({ search }: { search: EmailedLinkSearch }) {
  if (search.cancel) {
    return (
      <LinkActionPage
        title="Cancel the account recovery"
        explanation="Someone started recovering your account without its second factor. Cancel it if that was not you, then change your password."
        action="Cancel the recovery"
        path={RECOVERY_CANCEL_PATH}
        token={search.cancel}
        done={() => (
          <p>
            The recovery is cancelled; your second factor stays as it is. Change your password if someone else knew it.
          </p>
        )}
      />
    )
  }
  if (search.token) return <StartRecovery token={search.token} />
  return <RequestRecoveryLink />
}
