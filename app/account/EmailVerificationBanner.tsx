import { useSearch } from '@tanstack/react-router'
import { useState } from 'react'
import { LazyResendVerificationEmail } from './LazyResendVerificationEmail'

/**
 * The Resend button's look, here rather than in button-styles.ts: a module shared by more pages becomes a chunk of
 * its own, one more file on the dashboard's first load.
 */
export const resendButton =
  'inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-100 aria-disabled:opacity-70'

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
        <button type="button" onClick={() => setResending(true)} className={resendButton}>
          Resend
        </button>
      )}
    </section>
  )
}
