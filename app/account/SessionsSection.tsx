import { ErrorCode } from '@lib/error-codes'
import { describeUserAgent } from '@lib/user-agent'
import { useConvex } from 'convex/react'
import type { FunctionReturnType } from 'convex/server'
import { useEffect, useRef, useState } from 'react'
import { FormAlert, FormStatus } from '~/components/form'
import { ShowMoreButton, usePagedQuery } from '~/components/paged-list'
import { convexErrorCode } from '~/components/convex-error-code'
import { useFormAlert } from '~/components/use-form-alert'
import { api } from '../../convex/_generated/api'
import { errorMessage } from '~/components/error-messages'
import { Button } from '~/components/Button'
import { Icon } from '~/components/Icon'
import { checkIcon, laptopIcon, smartphoneIcon } from '~/components/icons'
import { ConfirmPasswordPrompt } from './ConfirmPasswordPrompt'
import { STALE_SIGN_IN, useStepUpRetry } from './use-step-up-retry'

type Session = FunctionReturnType<typeof api.sessions.list>['page'][number]
type Action = { kind: 'revoke'; session: Session } | { kind: 'revoke-others' }

// Sessions load in the browser only (the Convex client does not query during server rendering), so the visitor's
// own locale and time zone are safe to use.
const sessionTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const MINUTE_MS = 60 * 1000
const RELATIVE_UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 24 * 60 * MINUTE_MS],
  ['hour', 60 * MINUTE_MS],
  ['minute', MINUTE_MS],
]

/** The time, updated every minute: enough for "5 minutes ago". */
function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE_MS)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** "5 minutes ago", "yesterday"; "just now" under a minute. */
function timeAgo(time: number, now: number): string {
  const elapsedMs = Math.max(0, now - time)
  for (const [unit, unitMs] of RELATIVE_UNITS) {
    if (elapsedMs >= unitMs) return relativeTime.format(-Math.floor(elapsedMs / unitMs), unit)
  }
  return 'just now'
}

const PROMPT_FOR_LIST = `${STALE_SIGN_IN} Confirm your password to see where you are signed in.`
const PROMPT_FOR_ACTION = `Confirm your password to sign that out. ${STALE_SIGN_IN}`
const SESSIONS_PAGE_SIZE = 20
const MOBILE_SYSTEM = /\b(iPhone|iPad|Android)\b/

/**
 * Every session of the signed-in user, live, this one first and then the newest, a page at a time ("Show more"):
 * a session signed out here disappears from the list, and from the device that held it at its next request.
 * Listing and ending sessions need a fresh sign-in; a stale one gets a password prompt (SESSION_NOT_FRESH), then
 * the list, and the action that was refused runs again.
 */
export function SessionsSection() {
  const sessions = usePagedQuery(api.sessions.list, SESSIONS_PAGE_SIZE)
  // The client's own methods rather than useMutation: that hook would grow the Convex chunk every signed-in page loads.
  const convex = useConvex()
  const stepUp = useStepUpRetry<Action>((action) => run(action))
  const [running, setRunning] = useState<Action | null>(null)
  const [done, setDone] = useState<string | null>(null)
  // The button that was pressed leaves with its session: focus goes to what happened instead of <body>.
  const doneRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (done) doneRef.current?.focus()
  }, [done])
  const formAlert = useFormAlert()
  const now = useMinuteClock()

  async function run(action: Action) {
    if (running) return
    setRunning(action)
    setDone(null)
    formAlert.clear()
    try {
      if (action.kind === 'revoke') {
        await convex.mutation(api.sessions.revoke, { sessionId: action.session.id })
        setDone(`${describeUserAgent(action.session.userAgent)} was signed out.`)
      } else {
        const count = await convex.mutation(api.sessions.revokeOthers, {})
        setDone(count === 1 ? '1 other session was signed out.' : `${count} other sessions were signed out.`)
      }
    } catch (error) {
      const code = convexErrorCode(error)
      if (code === ErrorCode.SessionNotFresh) stepUp.refuse(action)
      else formAlert.show(errorMessage({ status: 500, code }))
    } finally {
      setRunning(null)
    }
  }

  const listCode = sessions.status === 'failed' ? convexErrorCode(sessions.error) : undefined
  let body
  if (stepUp.refused || listCode === ErrorCode.SessionNotFresh) {
    body = (
      <ConfirmPasswordPrompt
        description={stepUp.refused ? PROMPT_FOR_ACTION : PROMPT_FOR_LIST}
        onConfirmed={stepUp.retry}
        onCancel={stepUp.refused ? stepUp.cancel : undefined}
        autoFocus={stepUp.refused !== null}
      />
    )
  } else if (sessions.status === 'loading') {
    body = <p className="text-sm text-slate-600">Loading your sessions…</p>
  } else if (sessions.status === 'failed') {
    body = <p className="text-sm text-red-700">{errorMessage({ status: 500, code: listCode })}</p>
  } else {
    const others = sessions.items.filter((session) => !session.current).length
    body = (
      <div className="space-y-4">
        <ul aria-label="Sessions" className="divide-y divide-slate-100">
          {sessions.items.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              now={now}
              pending={running?.kind === 'revoke' && running.session.id === session.id}
              onRevoke={() => run({ kind: 'revoke', session })}
            />
          ))}
        </ul>
        <ShowMoreButton list={sessions} label="Show more sessions" />
        {others > 0 ? (
          <Button
            variant="danger"
            onClick={() => run({ kind: 'revoke-others' })}
            aria-disabled={running !== null || undefined}
            pending={running?.kind === 'revoke-others'}
            pendingLabel="Signing out…"
          >
            Sign out all other sessions
          </Button>
        ) : (
          <p className="text-sm text-slate-600">You are not signed in anywhere else.</p>
        )}
      </div>
    )
  }

  return (
    <section aria-labelledby="sessions-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Where you are signed in
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        If you do not recognise a device, sign it out and change your password.
      </p>
      <div className="mt-4 space-y-3" aria-busy={sessions.status === 'loading'}>
        <FormAlert alert={formAlert} />
        <FormStatus ref={doneRef} message={done} />
        {body}
      </div>
    </section>
  )
}

function SessionItem({
  session,
  now,
  pending,
  onRevoke,
}: {
  session: Session
  now: number
  pending: boolean
  onRevoke: () => void
}) {
  const device = describeUserAgent(session.userAgent)
  const deviceIcon = MOBILE_SYSTEM.test(device) ? smartphoneIcon : laptopIcon
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <div className="flex min-w-0 gap-3">
        <Icon icon={deviceIcon} className="mt-0.5 size-5 shrink-0 text-slate-500" />
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 font-medium text-slate-900">
            {device}
            {session.current ? (
              <span className="inline-flex items-center gap-1 rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-800">
                <Icon icon={checkIcon} className="size-3" />
                This device
              </span>
            ) : null}
          </p>
          <dl className="mt-1 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 text-sm text-slate-600">
            <dt>IP address</dt>
            <dd className="break-all">{session.ipAddress ?? 'Unknown'}</dd>
            <dt>Last active</dt>
            <dd>
              <time
                dateTime={new Date(session.lastActiveAt).toISOString()}
                title={sessionTime.format(session.lastActiveAt)}
              >
                {timeAgo(session.lastActiveAt, now)}
              </time>
            </dd>
            <dt>Signed in</dt>
            <dd>
              <time dateTime={new Date(session.createdAt).toISOString()}>{sessionTime.format(session.createdAt)}</time>
            </dd>
          </dl>
        </div>
      </div>
      {session.current ? null : (
        <Button onClick={onRevoke} pending={pending} pendingLabel="Signing out…">
          Sign out
          <span className="sr-only">
            {' '}
            {device}, signed in {sessionTime.format(session.createdAt)}
          </span>
        </Button>
      )}
    </li>
  )
}
