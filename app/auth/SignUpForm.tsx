import { Link, useRouter } from '@tanstack/react-router'
import { useRef, useState, type FormEvent } from 'react'
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lib/policy'
import { FormAlert, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { authClientOnDemand, prefetchAuthClient } from './auth-client-loader'
import { authErrorMessage, NETWORK_ERROR_MESSAGE } from './auth-error-message'
import { useSessionStore } from './use-session-store'

type Field = 'name' | 'email' | 'password'
type FieldErrors = Partial<Record<Field, string>>

/** Quick feedback before the round trip; Better Auth and Convex enforce the same rules (lib/policy.ts). */
function checkFields(values: Record<Field, string>): FieldErrors {
  const errors: FieldErrors = {}
  if (values.name.trim().length === 0) errors.name = 'Enter your name.'
  if (!/^[^\s@]+@[^\s@]+$/.test(values.email)) errors.email = 'Enter an email address like name@example.com.'
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
      const authClient = await authClientOnDemand.load()
      const { error } = await authClient.signUp.email({
        name: values.name.trim(),
        email: values.email,
        password: values.password,
      })
      if (error) return formAlert.show(authErrorMessage(error))
      session.markSignedIn()
      await router.navigate({ href: redirectTo })
    } catch {
      formAlert.show(NETWORK_ERROR_MESSAGE)
    } finally {
      setPending(false)
    }
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      <form
        ref={formRef}
        onSubmit={handleSubmit}
        onInput={prefetchAuthClient}
        noValidate
        className="mt-6 space-y-4"
        aria-busy={pending}
      >
        <FormAlert ref={formAlert.ref} message={formAlert.message} />
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
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
          error={fieldErrors.password}
        />
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
