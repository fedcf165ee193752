import { Link, useRouter } from '@tanstack/react-router'
import { lazy, Suspense, useState, type FormEvent } from 'react'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { PasskeySignInButton, usePasskeyAutofill } from '~/passkeys/PasskeySignIn'
import { useFormAlert } from '~/components/use-form-alert'
import { emailProblem } from '~/components/field-checks'
import { authRequestOnDemand, NETWORK_ERROR_MESSAGE, prefetchAuthRequest } from './auth-client-loader'
import { LazyOAuthSignIn } from './LazyOAuthSignIn'
import { useSessionStore } from './use-session-store'

// Only an account whose email is not verified yet meets it, after a failed sign-in: not part of the first load.
const LazyResendVerificationEmail = lazy(() =>
  import('~/account/LazyResendVerificationEmail').then((module) => ({ default: module.LazyResendVerificationEmail })),
)

/**
 * `redirectTo` must already be checked with safeRedirect. `notice` says why the visitor is (back) here, e.g. a
 * two-factor challenge that expired.
 */
type FieldErrors = { email?: string; password?: string }

export function SignInForm({ redirectTo, notice }: { redirectTo: string; notice?: string }) {
  const router = useRouter()
  const session = useSessionStore()
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  // Set when the account exists but REQUIRE_EMAIL_VERIFICATION keeps it out until its email is verified.
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null)
  const formAlert = useFormAlert()
  // A passkey with user verification is both factors: no two-factor step after it (ADR 0017).
  const passkey = {
    onSignedIn: async () => {
      session.markSignedIn()
      await router.navigate({ href: redirectTo })
    },
    onError: formAlert.show,
  }
  const passkeyAutofill = usePasskeyAutofill(passkey)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    const errors: FieldErrors = { email: emailProblem(email), password: password ? undefined : 'Enter your password.' }
    setFieldErrors(errors)
    setUnverifiedEmail(null)
    formAlert.clear()
    const firstInvalid = (['email', 'password'] as const).find((field) => errors[field])
    if (firstInvalid) return formElement.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()
    setPending(true)
    try {
      const { authRequest, failureMessage } = await authRequestOnDemand
        .load()
        .catch(() => ({ authRequest: null, failureMessage: null }))
      if (!authRequest) return formAlert.show(NETWORK_ERROR_MESSAGE)
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.signIn.email({ email, password, fetchOptions }),
      )
      if (!result.ok) {
        if (result.failure.code === 'EMAIL_NOT_VERIFIED') setUnverifiedEmail(email)
        return formAlert.show(await failureMessage(result.failure))
      }
      if ('twoFactorRedirect' in result.data && result.data.twoFactorRedirect) {
        await router.navigate({ to: '/two-factor', search: { redirect: redirectTo } })
        return
      }
      session.markSignedIn()
      await router.navigate({ href: redirectTo })
    } finally {
      setPending(false)
    }
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {notice ? (
        <p
          role="status"
          className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {notice}
        </p>
      ) : null}
      <form
        onSubmit={handleSubmit}
        onInput={prefetchAuthRequest}
        noValidate
        className="mt-6 space-y-4"
        aria-busy={pending}
      >
        <FormAlert alert={formAlert} />
        {unverifiedEmail ? (
          <div className="space-y-2 text-sm text-slate-700">
            <p>No email from us? Send the link to {unverifiedEmail} again.</p>
            <Suspense fallback={null}>
              <LazyResendVerificationEmail email={unverifiedEmail} />
            </Suspense>
          </div>
        ) : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username webauthn"
          required
          autoFocus
          error={fieldErrors.email}
          {...passkeyAutofill}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <p className="text-sm">
          <Link to="/forgot-password" className="font-semibold text-indigo-700 underline">
            Forgot your password?
          </Link>
        </p>
        <SubmitButton pending={pending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      <div className="mt-4">
        <PasskeySignInButton {...passkey} />
      </div>
      <LazyOAuthSignIn redirectTo={redirectTo} onError={formAlert.show} />
      <p className="mt-6 text-sm text-slate-700">
        New here?{' '}
        <Link to="/sign-up" search={{ redirect: redirectTo }} className="font-semibold text-indigo-700 underline">
          Create an account
        </Link>
      </p>
    </main>
  )
}
