import { useSearch } from '@tanstack/react-router'
import { useState } from 'react'
import { Button } from '~/components/Button'
import { LazyResendVerificationEmail } from './LazyResendVerificationEmail'

/**
 * Shown on signed-in pages until the email is verified. The link in the email leads back to the dashboard, with
 * `?error=TOKEN_EXPIRED` (or another code) when it no longer works.
 */
export function EmailVerificationBanner({ email }: { email: string }) {
  const linkFailed = useSearch({ strict: false, select: (search) => 'error' in search })
  const [resending, setResending] = useState(false)
  return (
    <section aria-label="Email verification" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="text-amber-950">
        {linkFailed ? (
          <>
            <strong>That verification link has expired or was already used.</strong> Send a new one to {email}.
          </>
        ) : (
          <>
            <strong>Verify your email</strong> — we sent a link to {email}.
          </>
        )}
      </p>
      {resending ? (
        <LazyResendVerificationEmail email={email} sendNow />
      ) : (
        <Button onClick={() => setResending(true)}>Resend</Button>
      )}
    </section>
  )
}
