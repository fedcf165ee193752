import { ErrorCode } from '@lib/error-codes'
import type { OAuthProvider } from '@lib/oauth-providers'
import { useConvex } from 'convex/react'
import { useEffect, useEffectEvent, useState } from 'react'
import { startOAuth } from '~/auth/oauth-start'
import { Button } from '~/components/Button'
import { FormAlert, FormStatus, Spinner } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { useLiveQuery } from '~/two-factor/use-live-query'
import { api } from '../../convex/_generated/api'
import { convexErrorCode } from '~/components/convex-error-code'
import { errorMessage } from '~/components/error-messages'
import { ConfirmPasswordPrompt } from './ConfirmPasswordPrompt'
import { STALE_SIGN_IN, useStepUpRetry } from './use-step-up-retry'

const SETTINGS_PATH = '/settings/security'
type Action = { kind: 'link'; provider: OAuthProvider } | { kind: 'unlink'; providerId: string; name: string }

const STALE_WITHOUT_PASSWORD = `${STALE_SIGN_IN} Sign out and sign in again to change how you sign in.`

// What Better Auth appends to the settings page when linking failed at the provider's end.
const linkErrors: Record<string, string> = {
  "email_doesn't_match": 'That provider account has a different email address than yours, so it was not linked.',
  account_already_linked_to_different_user: 'That provider account is already linked to another account.',
}

function readLinkError(): string | null {
  const error = new URLSearchParams(window.location.search).get('error')
  if (!error) return null
  return linkErrors[error] ?? 'Linking did not work. Please try again.'
}

/**
 * The providers that can sign the user in: linked ones with "Unlink" (refused for the last way in), configured
 * ones with "Link" (after a fresh sign-in, then a trip to the provider, which must know the same email).
 */
export function LinkedAccountsSection() {
  const ways = useLiveQuery(api.linkedAccounts.list)
  const convex = useConvex()
  const [running, setRunning] = useState<Action | null>(null)
  const stepUp = useStepUpRetry<Action>((action) => run(action))
  const [done, setDone] = useState<string | null>(null)
  const formAlert = useFormAlert()

  // Once, for the answer the provider's round trip brought back.
  const showLinkError = useEffectEvent(() => {
    const message = readLinkError()
    if (message) formAlert.show(message)
  })
  useEffect(() => showLinkError(), [])

  async function run(action: Action) {
    if (running) return
    setRunning(action)
    setDone(null)
    formAlert.clear()
    try {
      if (action.kind === 'link') {
        const result = await startOAuth(action.provider, 'link', SETTINGS_PATH, SETTINGS_PATH)
        if (result.ok) return window.location.assign(result.data.url)
        if (result.failure.code === ErrorCode.SessionNotFresh) stepUp.refuse(action)
        else formAlert.show(errorMessage(result.failure))
      } else {
        await convex.mutation(api.linkedAccounts.unlink, { providerId: action.providerId })
        setDone(`${action.name} no longer signs you in.`)
      }
    } catch (error) {
      const code = convexErrorCode(error)
      if (code === ErrorCode.SessionNotFresh) stepUp.refuse(action)
      else if (code === ErrorCode.LastSignInMethod)
        formAlert.show(
          `${action.kind === 'unlink' ? action.name : 'It'} is your only way to sign in, so it stays linked.`,
        )
      else formAlert.show(errorMessage({ status: 500, code }))
    } finally {
      setRunning(null)
    }
  }

  let body
  if (ways.status === 'loading') body = <p className="text-sm text-slate-600">Loading…</p>
  else if (ways.status === 'failed')
    body = <p className="text-sm text-red-700">Your sign-in methods could not be loaded. Reload the page.</p>
  else if (stepUp.refused && !ways.data.hasPassword)
    body = <p className="text-sm text-slate-700">{STALE_WITHOUT_PASSWORD}</p>
  else if (stepUp.refused) {
    body = (
      <ConfirmPasswordPrompt
        description={`Confirm your password to continue. ${STALE_SIGN_IN}`}
        onConfirmed={stepUp.retry}
        onCancel={stepUp.cancel}
        autoFocus
      />
    )
  } else {
    const { linked, offered } = ways.data
    const linkable = offered.filter((provider) => !linked.some((identity) => identity.providerId === provider.id))
    body = (
      <div className="space-y-4">
        {linked.length === 0 ? (
          <p className="text-sm text-slate-600">No provider is linked. You sign in with your password.</p>
        ) : (
          <ul aria-label="Linked providers" className="divide-y divide-slate-100">
            {linked.map((identity) => {
              const pending = running?.kind === 'unlink' && running.providerId === identity.providerId
              return (
                <li key={identity.providerId} className="flex items-center justify-between gap-4 py-3">
                  <p className="font-medium text-slate-900">{identity.name}</p>
                  <Button
                    type="button"
                    onClick={() => run({ kind: 'unlink', providerId: identity.providerId, name: identity.name })}
                    aria-disabled={running !== null || undefined}
                  >
                    {pending ? <Spinner /> : null}
                    {pending ? 'Unlinking…' : `Unlink ${identity.name}`}
                  </Button>
                </li>
              )
            })}
          </ul>
        )}
        {linkable.length > 0 ? (
          <div className="flex flex-wrap gap-2">
            {linkable.map((provider) => (
              <Button
                key={provider.id}
                type="button"
                onClick={() => run({ kind: 'link', provider })}
                aria-disabled={running !== null || undefined}
              >
                {running?.kind === 'link' && running.provider.id === provider.id ? <Spinner /> : null}
                Link {provider.name}
              </Button>
            ))}
          </div>
        ) : null}
      </div>
    )
  }

  return (
    <section aria-labelledby="linked-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="linked-heading" className="text-lg font-semibold">
        Sign-in providers
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Providers you linked can sign you in. Linking or unlinking one is emailed to you.
      </p>
      <div className="mt-4 space-y-3">
        <FormAlert alert={formAlert} />
        <FormStatus message={done} />
        {body}
      </div>
    </section>
  )
}
