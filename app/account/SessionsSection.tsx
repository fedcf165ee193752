import { ErrorCode } from '@lib/error-codes'
import { FRESH_SESSION_MAX_AGE_S } from '@lib/policy'
import { describeUserAgent } from '@lib/user-agent'
import { useConvex } from 'convex/react'
import type { FunctionReturnType } from 'convex/server'
import { useEffect, useRef, useState } from 'react'
import { FormAlert, FormStatus, Spinner } from '~/components/form'
import { ShowMoreButton, usePagedQuery } from '~/components/paged-list'
import { convexErrorCode } from '~/components/convex-error-code'
import { useFormAlert } from '~/components/use-form-alert'
import { api } from '../../convex/_generated/api'
import { errorMessage } from '~/components/error-messages'
import { secondaryButton } from '~/components/button-styles'
import { ConfirmPasswordPrompt } from './ConfirmPasswordPrompt'

type Session = FunctionReturnType<typeof api.sessions.list>['page'][number]
type Action = { kind: 'revoke'; session: Session } | { kind: 'revoke-others' }

// Sessions load in the browser only (the Convex client does not query during server rendering), so the visitor's
// own locale and time zone are safe to use.
const sessionTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const freshMinutes = FRESH_SESSION_MAX_AGE_S / 60
const PROMPT_FOR_LIST = `Your sign-in is more than ${freshMinutes} minutes old. Confirm your password to see where you are signed in.`
const PROMPT_FOR_ACTION = `Confirm your password to sign that out. Your sign-in is more than ${freshMinutes} minutes old.`
const SESSIONS_PAGE_SIZE = 20

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
  const [refused, setRefused] = useState<Action | null>(null)
  const [running, setRunning] = useState<Action | null>(null)
  const [done, setDone] = useState<string | null>(null)
  // The button that was pressed leaves with its session: focus goes to what happened instead of <body>.
  const doneRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (done) doneRef.current?.focus()
  }, [done])
  const formAlert = useFormAlert()

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
      if (code === ErrorCode.SessionNotFresh) setRefused(action)
      else formAlert.show(errorMessage({ status: 500, code }))
    } finally {
      setRunning(null)
    }
  }

  function confirmed() {
    const retry = refused
    setRefused(null)
    if (retry) void run(retry)
  }

  const listCode = sessions.status === 'failed' ? convexErrorCode(sessions.error) : undefined
  let body
  if (refused || listCode === ErrorCode.SessionNotFresh) {
    body = (
      <ConfirmPasswordPrompt
        description={refused ? PROMPT_FOR_ACTION : PROMPT_FOR_LIST}
        onConfirmed={confirmed}
        onCancel={refused ? () => setRefused(null) : undefined}
        autoFocus={refused !== null}
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
              pending={running?.kind === 'revoke' && running.session.id === session.id}
              onRevoke={() => run({ kind: 'revoke', session })}
            />
          ))}
        </ul>
        <ShowMoreButton list={sessions} label="Show more sessions" />
        {others > 0 ? (
          <button
            type="button"
            onClick={() => run({ kind: 'revoke-others' })}
            aria-disabled={running !== null || undefined}
            className={secondaryButton}
          >
            {running?.kind === 'revoke-others' ? <Spinner /> : null}
            {running?.kind === 'revoke-others' ? 'Signing out…' : 'Sign out all other sessions'}
          </button>
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
        <FormAlert ref={formAlert.ref} message={formAlert.message} />
        <FormStatus ref={doneRef} message={done} />
        {body}
      </div>
    </section>
  )
}

function SessionItem({ session, pending, onRevoke }: { session: Session; pending: boolean; onRevoke: () => void }) {
  const device = describeUserAgent(session.userAgent)
  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <div>
        <p className="font-medium text-slate-900">
          {device}
          {session.current ? (
            <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-800">
              This device
            </span>
          ) : null}
        </p>
        <p className="text-sm text-slate-600">
          {session.ipAddress ?? 'Unknown IP address'} · Signed in{' '}
          <time dateTime={new Date(session.createdAt).toISOString()}>{sessionTime.format(session.createdAt)}</time> ·
          Last active{' '}
          <time dateTime={new Date(session.lastActiveAt).toISOString()}>{sessionTime.format(session.lastActiveAt)}</time>
        </p>
      </div>
      {session.current ? null : (
        <button type="button" onClick={onRevoke} aria-disabled={pending || undefined} className={secondaryButton}>
          {pending ? <Spinner /> : null}
          {pending ? 'Signing out…' : 'Sign out'}
          <span className="sr-only">
            {' '}
            {device}, signed in {sessionTime.format(session.createdAt)}
          </span>
        </button>
      )}
    </li>
  )
}
