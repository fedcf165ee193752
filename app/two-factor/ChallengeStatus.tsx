import { useEffect, useState } from 'react'
import { AUTH_BASE_PATH, CHALLENGE_STATUS_PATH } from '@lib/auth-routes'

type Status = { email: string | null; triesLeft: number; lockedForS: number }

function formatCountdown(seconds: number) {
  const minutes = Math.floor(seconds / 60)
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * Which account is signing in and how many codes are left before a lockout, from the challenge cookie's own
 * endpoint. Asked again whenever `refreshKey` changes (after each refused code). A lockout counts down.
 */
export function ChallengeStatus({ refreshKey }: { refreshKey: number }) {
  const [status, setStatus] = useState<Status | null>(null)
  const [lockEndsAtMs, setLockEndsAtMs] = useState(0)
  const [nowMs, setNowMs] = useState(0)

  useEffect(() => {
    let current = true
    fetch(`${AUTH_BASE_PATH}${CHALLENGE_STATUS_PATH}`, { credentials: 'same-origin' })
      .then(async (response) => (response.ok ? ((await response.json()) as Status) : null))
      .then(
        (next) => {
          if (!current || !next) return
          setStatus(next)
          setNowMs(Date.now())
          setLockEndsAtMs(next.lockedForS > 0 ? Date.now() + next.lockedForS * 1000 : 0)
        },
        // Nothing to add then: the form still works and says what went wrong.
        () => undefined,
      )
    return () => {
      current = false
    }
  }, [refreshKey])

  const lockedForS = Math.max(0, Math.ceil((lockEndsAtMs - nowMs) / 1000))
  useEffect(() => {
    if (lockedForS === 0) return
    const timer = setTimeout(() => setNowMs(Date.now()), 1000)
    return () => clearTimeout(timer)
  }, [nowMs, lockedForS])

  if (!status) return null
  return (
    <div className="mt-4 space-y-2 text-sm" data-testid="challenge-status">
      {status.email ? (
        <p className="text-slate-700">
          Signing in as <strong>{status.email}</strong>.
        </p>
      ) : null}
      {lockedForS > 0 ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          Too many wrong codes: two-factor sign-in is locked for{' '}
          <span aria-hidden="true">{formatCountdown(lockedForS)}</span>
          <span className="sr-only">{Math.ceil(lockedForS / 60)} minutes</span>. Backup codes are refused too until
          then.
        </p>
      ) : lockEndsAtMs > 0 ? (
        <p role="status" className="text-slate-700">
          The lockout has ended. You can enter a code again.
        </p>
      ) : (
        <p role="status" className="text-slate-700">
          {status.triesLeft === 1 ? '1 try left' : `${status.triesLeft} tries left`} before a lockout.
        </p>
      )}
    </div>
  )
}
