import { Link } from '@tanstack/react-router'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { EMAIL_MAX_LENGTH, PASSWORD_RESET_TOKEN_TTL_S } from '@lib/policy'
import { prefetchAuthClient } from '~/auth/auth-client-loader'
import { Button } from '~/components/Button'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { emailProblem } from '~/components/field-checks'
import { errorMessage } from '~/components/error-messages'
import { authRequest } from '~/auth/auth-request'

/** Where the emailed link leads: Better Auth appends `?token=…`, or `?error=INVALID_TOKEN`. */
export const RESET_PASSWORD_PATH = '/reset-password'

/**
 * Asks for a reset link. The answer is the same whether or not an account uses the address (the backend answers
 * alike, and so does this page), so nobody can find out who has an account here.
 */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false)
  const [fieldError, setFieldError] = useState<string | undefined>()
  const [requestedFor, setRequestedFor] = useState<string | null>(null)
  const formAlert = useFormAlert()
  const inputRef = useRef<HTMLInputElement>(null)
  // The form is replaced by the answer: focus follows it rather than falling to <body>.
  const resultRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (requestedFor) resultRef.current?.focus()
  }, [requestedFor])

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    formAlert.clear()
    const problem = emailProblem(email)
    if (problem) {
      setFieldError(problem)
      return inputRef.current?.focus()
    }
    setFieldError(undefined)
    setPending(true)
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.requestPasswordReset({ email, redirectTo: RESET_PASSWORD_PATH, fetchOptions }),
    )
    setPending(false)
    if (result.ok) setRequestedFor(email)
    else formAlert.show(errorMessage(result.failure))
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Reset your password</h1>
      {requestedFor ? (
        <div
          ref={resultRef}
          tabIndex={-1}
          role="status"
          className="mt-6 space-y-3 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-green-900"
        >
          <p>
            If an account uses <strong>{requestedFor}</strong>, we sent it a link to choose a new password. The link
            works once, for {PASSWORD_RESET_TOKEN_TTL_S / 60} minutes.
          </p>
          <p className="text-sm">
            No email after a few minutes? Check your spam folder, or{' '}
            <Button variant="link" onClick={() => setRequestedFor(null)}>
              ask again
            </Button>
            .
          </p>
        </div>
      ) : (
        <>
          <p className="mt-3 text-slate-700">Enter the email address of your account and we will send you a link.</p>
          <form
            onSubmit={handleSubmit}
            onInput={prefetchAuthClient}
            noValidate
            className="mt-6 space-y-4"
            aria-busy={pending}
          >
            <FormAlert alert={formAlert} />
            <TextField
              ref={inputRef}
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
              Send reset link
            </SubmitButton>
          </form>
        </>
      )}
      <p className="mt-6 text-sm text-slate-700">
        Remembered it?{' '}
        <Link to="/sign-in" className="font-semibold text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </main>
  )
}
