import { Link } from '@tanstack/react-router'
import { useState, type ReactNode } from 'react'
import { authRequest } from '~/auth/auth-request'
import { FormAlert, SubmitButton } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { errorMessage } from '~/components/error-messages'

/**
 * An emailed link's page: one button posts the link's token. A link opened by a mail scanner therefore does
 * nothing; a person clicks once.
 */
export function LinkActionPage({
  title,
  explanation,
  action,
  path,
  token,
  done,
}: {
  title: string
  explanation: ReactNode
  action: string
  path: string
  token: string
  done: (data: { email?: string }) => ReactNode
}) {
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<{ email?: string } | null>(null)
  const formAlert = useFormAlert()

  async function submit() {
    if (pending) return
    formAlert.clear()
    setPending(true)
    const answer = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ status: boolean; email?: string }>(path, {
        method: 'POST',
        body: { token },
        ...fetchOptions,
      }),
    )
    setPending(false)
    if (answer.ok) setResult(answer.data)
    else formAlert.show(errorMessage(answer.failure))
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {result ? (
        <div
          role="status"
          className="mt-6 space-y-3 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-green-900"
        >
          {done(result)}
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
          className="mt-6 space-y-4"
          aria-busy={pending}
        >
          <div className="text-slate-700">{explanation}</div>
          <FormAlert alert={formAlert} />
          <SubmitButton pending={pending} pendingLabel="Working…">
            {action}
          </SubmitButton>
        </form>
      )}
      <p className="mt-6 text-sm text-slate-700">
        <Link to="/sign-in" className="font-semibold text-indigo-700 underline">
          Go to sign in
        </Link>
      </p>
    </main>
  )
}
