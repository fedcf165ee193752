import { Link, useRouter } from '@tanstack/react-router'
import { useRef, useState, type FormEvent } from 'react'
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import { PasswordStrengthMeter } from '~/account/PasswordStrengthMeter'
import { NEW_PASSWORD_HINT, passwordRefusal } from '~/account/password-fields'
import { ResendVerificationEmail } from '~/account/ResendVerificationEmail'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { PasswordField } from '~/components/PasswordField'
import { useFormAlert } from '~/components/use-form-alert'
import { emailProblem } from '~/components/field-checks'
import { prefetchAuthClient } from './auth-client-loader'
import { errorMessage } from '~/components/error-messages'
import { authRequest } from './auth-request'
import { useSessionStore } from './use-session-store'

type Field = 'name' | 'email' | 'password'
type FieldErrors = Partial<Record<Field, string>>

/** Quick feedback before the round trip; Better Auth and Convex enforce the same rules (lib/policy.ts). */
function checkFields(values: Record<Field, string>): FieldErrors {
  const errors: FieldErrors = {}
  if (values.name.trim().length === 0) errors.name = 'Enter your name.'
  errors.email = emailProblem(values.email)
  if (values.password.length < PASSWORD_MIN_LENGTH) errors.password = `Use at least ${PASSWORD_MIN_LENGTH} characters.`
  return errors
}

export function SignUpForm({ redirectTo }: { redirectTo: string }) {
  const router = useRouter()
  const session = useSessionStore()
  const [pending, setPending] = useState(false)
  const formAlert = useFormAlert()
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const formRef = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState({ name: '', email: '', password: '' })
  // Set once the account exists but must verify its email before it can sign in.
  const [awaitingVerification, setAwaitingVerification] = useState<string | null>(null)

  function trackDraft(event: FormEvent<HTMLFormElement>) {
    prefetchAuthClient()
    const form = new FormData(event.currentTarget)
    setDraft({
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    })
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = new FormData(event.currentTarget)
    const values = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    }
    const errors = checkFields(values)
    setFieldErrors(errors)
    formAlert.clear()
    const firstInvalid = (['name', 'email', 'password'] as const).find((field) => errors[field])
    if (firstInvalid) {
      formRef.current?.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus()
      return
    }
    setPending(true)
    try {
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.signUp.email({
          name: values.name.trim(),
          email: values.email,
          password: values.password,
          fetchOptions,
        }),
      )
      if (!result.ok) {
        const refusal = passwordRefusal(result.failure)
        if (!refusal) return formAlert.show(errorMessage(result.failure))
        setFieldErrors({ password: refusal })
        return formRef.current?.querySelector<HTMLInputElement>('[name="password"]')?.focus()
      }
      // With email verification required (the default) sign-up starts no session.
      const signedIn = await authRequest((authClient, fetchOptions) => authClient.getSession({ fetchOptions }))
      if (!signedIn.ok) return setAwaitingVerification(values.email)
      session.markSignedIn()
      await router.navigate({ href: redirectTo })
    } finally {
      setPending(false)
    }
  }

  if (awaitingVerification) {
    return (
      <main id="main" className="mx-auto max-w-md px-4 py-12">
        <h1 className="text-2xl font-semibold">Check your inbox</h1>
        <p className="mt-3 text-slate-700">
          We sent a link to <strong>{awaitingVerification}</strong>. Open it to verify your address, then sign in.
        </p>
        <p className="mt-3 text-sm text-slate-700">No email after a few minutes? Check your spam folder, or:</p>
        <div className="mt-2">
          <ResendVerificationEmail email={awaitingVerification} />
        </div>
        <Link
          to="/sign-in"
          search={{ redirect: redirectTo }}
          className="mt-6 inline-block font-semibold text-indigo-700 underline"
        >
          Sign in
        </Link>
      </main>
    )
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      <form
        ref={formRef}
        onSubmit={handleSubmit}
        onInput={trackDraft}
        noValidate
        className="mt-6 space-y-4"
        aria-busy={pending}
      >
        <FormAlert alert={formAlert} />
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          required
          autoFocus
          maxLength={DISPLAY_NAME_MAX_LENGTH}
          error={fieldErrors.name}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={EMAIL_MAX_LENGTH}
          error={fieldErrors.email}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={NEW_PASSWORD_HINT}
          error={fieldErrors.password}
        />
        <PasswordStrengthMeter password={draft.password} related={[draft.name, draft.email]} />
        <SubmitButton pending={pending} pendingLabel="Creating account…">
          Create account
        </SubmitButton>
      </form>
      <p className="mt-6 text-sm text-slate-700">
        Already have an account?{' '}
        <Link to="/sign-in" search={{ redirect: redirectTo }} className="font-semibold text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </main>
  )
}
