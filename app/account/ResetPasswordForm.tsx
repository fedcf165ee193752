import { Link, useRouter } from '@tanstack/react-router'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { prefetchAuthClient } from '~/auth/auth-client-loader'
import { useSessionStore } from '~/auth/use-session-store'
import { FormAlert, SubmitButton } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { errorMessage } from '~/components/error-messages'
import { authRequest } from '~/auth/auth-request'
import { NewPasswordFields } from './NewPasswordFields'
import { checkNewPassword, passwordRefusal, type NewPasswordErrors } from './password-fields'
import type { ResetPasswordSearch } from './reset-password-search'

/**
 * Chooses a new password with the token from the emailed link. The token is read once, then taken out of the
 * address bar (and the page sends no Referer), so it does not linger in history, logs or other sites' referrers.
 * A reset signs every session out; the person then signs in, with two-factor if it is on.
 */
export function ResetPasswordForm({ search }: { search: ResetPasswordSearch }) {
  const router = useRouter()
  const session = useSessionStore()
  // Kept here once the address no longer carries it.
  const [token] = useState(search.token)
  const [linkFailed, setLinkFailed] = useState(search.error !== undefined || !search.token)
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<NewPasswordErrors>({})
  const formAlert = useFormAlert()
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (search.token) void router.navigate({ to: '/reset-password', search: {}, replace: true })
  }, [router, search.token])

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending || !token) return
    const values = new FormData(event.currentTarget)
    const newPassword = String(values.get('newPassword') ?? '')
    const errors = checkNewPassword(newPassword, String(values.get('confirmPassword') ?? ''))
    setFieldErrors(errors)
    formAlert.clear()
    const firstInvalid = (['newPassword', 'confirmPassword'] as const).find((field) => errors[field])
    if (firstInvalid) return formRef.current?.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()

    setPending(true)
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.resetPassword({ token, newPassword, fetchOptions }),
    )
    if (!result.ok) {
      setPending(false)
      if (result.failure.code === 'INVALID_TOKEN') return setLinkFailed(true)
      const refusal = passwordRefusal(result.failure)
      if (refusal) {
        setFieldErrors({ newPassword: refusal })
        return formRef.current?.querySelector<HTMLInputElement>('[name="newPassword"]')?.focus()
      }
      return formAlert.show(errorMessage(result.failure))
    }
    // Every session ended, this browser's included: it must forget its sign-in, as after signing out.
    const wasSignedIn = session.current.auth === 'signed-in'
    session.markSignedOut()
    await router.navigate({ to: '/sign-in', search: { reason: 'password-reset' } })
    if (wasSignedIn) await router.invalidate()
  }

  if (linkFailed) {
    return (
      <main id="main" className="mx-auto max-w-md px-4 py-12">
        <h1 className="text-2xl font-semibold">This reset link does not work</h1>
        <p className="mt-3 text-slate-700">
          {token || search.error
            ? 'It has expired or was already used. Links work once, for a short time.'
            : 'Open this page from the link in your email.'}
        </p>
        <Link to="/forgot-password" className="mt-6 inline-block font-semibold text-indigo-700 underline">
          Send me a new link
        </Link>
      </main>
    )
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      <p className="mt-3 text-slate-700">This signs you out everywhere. Then sign in with the new password.</p>
      <form
        ref={formRef}
        onSubmit={handleSubmit}
        onInput={prefetchAuthClient}
        noValidate
        className="mt-6 space-y-4"
        aria-busy={pending}
      >
        <FormAlert alert={formAlert} />
        <NewPasswordFields errors={fieldErrors} autoFocus />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Set new password
        </SubmitButton>
      </form>
    </main>
  )
}
