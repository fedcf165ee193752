import { Link } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { EMAIL_MAX_LENGTH } from '@lib/policy'
import { SubmitButton, TextField } from '~/components/form'
import { emailProblem } from '~/components/field-checks'
import { ResendVerificationEmail } from './ResendVerificationEmail'
import type { VerifyEmailSearch } from './verify-email-search'

// Better Auth's codes on a failed link.
const FAILURES: Record<string, { title: string; why: string }> = {
  TOKEN_EXPIRED: { title: 'This link has expired', why: 'Verification links work for a limited time.' },
  INVALID_TOKEN: {
    title: 'This link is not valid',
    why: 'It may be incomplete: copy the whole link from the email, or ask for a new one.',
  },
  USER_NOT_FOUND: { title: 'This link is not valid', why: 'No account uses this address any more.' },
}
const UNKNOWN_FAILURE = { title: 'This link did not work', why: 'Ask for a new one below.' }

/** Asks for the address, then offers the resend button with its cooldown. */
function RequestNewLink() {
  const [email, setEmail] = useState<string | null>(null)
  const [error, setError] = useState<string | undefined>()

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const value = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    const problem = emailProblem(value)
    if (problem) return setError(problem)
    setError(undefined)
    setEmail(value)
  }

  if (email) return <ResendVerificationEmail email={email} sendNow />
  return (
    <form onSubmit={handleSubmit} noValidate className="mt-6 space-y-4">
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={EMAIL_MAX_LENGTH}
        error={error}
      />
      <SubmitButton pending={false} pendingLabel="Sending…">
        Send a new link
      </SubmitButton>
    </form>
  )
}

/** Where the emailed verification link lands: it worked, or why not, with a way to get a new one. */
export function VerifyEmailResult({ search, signedIn }: { search: VerifyEmailSearch; signedIn: boolean }) {
  if (search.verified && !search.error) {
    return (
      <main id="main" className="mx-auto max-w-md px-4 py-12">
        <h1 className="text-2xl font-semibold">Your email is verified</h1>
        <p className="mt-3 text-slate-700">
          Thank you. Your address is confirmed{signedIn ? '.' : ': you can sign in now.'}
        </p>
        <Link
          to={signedIn ? '/dashboard' : '/sign-in'}
          className="mt-6 inline-block font-semibold text-indigo-700 underline"
        >
          {signedIn ? 'Go to your dashboard' : 'Sign in'}
        </Link>
      </main>
    )
  }
  const failure = search.error ? (FAILURES[search.error] ?? UNKNOWN_FAILURE) : null
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">{failure ? failure.title : 'Verify your email'}</h1>
      <p className="mt-3 text-slate-700">
        {failure ? `${failure.why} ` : 'Open the link we emailed you. '}
        Enter your address and we will send you a new link.
      </p>
      <RequestNewLink />
    </main>
  )
}
