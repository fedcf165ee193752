import { ErrorCode } from '@lib/error-codes'
import { PASSKEY_NAME_MAX_LENGTH } from '@lib/policy'
import type { FunctionReturnType } from 'convex/server'
import { useState, type FormEvent } from 'react'
import { ConfirmPasswordPrompt } from '~/account/ConfirmPasswordPrompt'
import { STALE_SIGN_IN, useStepUpRetry } from '~/account/use-step-up-retry'
import { authRequest, type AuthResult } from '~/auth/auth-request'
import { Button } from '~/components/Button'
import { FormAlert, FormStatus, Spinner, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { useLiveQuery } from '~/two-factor/use-live-query'
import { api } from '../../convex/_generated/api'
import { isCancelled, passkeyErrorMessage } from './passkey-error-message'

type Passkey = FunctionReturnType<typeof api.passkeys.list>[number]
// Adding and deleting need a fresh session; the refused action runs again after the password.
type StepUpAction = { kind: 'add'; name: string } | { kind: 'delete'; passkey: Passkey }

// Listed in the browser only, so the visitor's own locale and time zone are safe to use.
const addedTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

const labelOf = (passkey: Passkey) => passkey.name || 'Unnamed passkey'

/**
 * The account's passkeys: add one (after a fresh sign-in or the password), rename, delete. Each passkey signs in
 * on its own, as two factors, because the browser must unlock it with a PIN or biometric (ADR 0017).
 */
export function PasskeysSection() {
  // Live: what is added, renamed or deleted here (or on another device) shows without reloading.
  const passkeys = useLiveQuery(api.passkeys.list)
  const stepUp = useStepUpRetry<StepUpAction>((action) => run(action))
  const [running, setRunning] = useState<StepUpAction | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const formAlert = useFormAlert()

  async function run(action: StepUpAction) {
    if (running) return
    setRunning(action)
    setDone(null)
    formAlert.clear()
    try {
      const result: AuthResult<unknown> =
        action.kind === 'add'
          ? await authRequest((authClient, fetchOptions) =>
              authClient.passkey.addPasskey({ name: action.name || undefined }, fetchOptions),
            )
          : await authRequest((authClient, fetchOptions) =>
              authClient.passkey.deletePasskey({ id: action.passkey.id }, fetchOptions),
            )
      if (!result.ok) {
        if (result.failure.code === ErrorCode.SessionNotFresh) stepUp.refuse(action)
        else if (!isCancelled(result.failure)) formAlert.show(passkeyErrorMessage(result.failure))
        return
      }
      setDone(
        action.kind === 'add'
          ? 'Passkey added. You can now sign in with it.'
          : `${labelOf(action.passkey)} was deleted.`,
      )
    } finally {
      setRunning(null)
    }
  }

  let body
  if (stepUp.refused) {
    body = (
      <ConfirmPasswordPrompt
        description={`Confirm your password to ${stepUp.refused.kind === 'add' ? 'add a passkey' : 'delete that passkey'}. ${STALE_SIGN_IN}`}
        onConfirmed={stepUp.retry}
        onCancel={stepUp.cancel}
        autoFocus
      />
    )
  } else if (passkeys.status === 'failed') {
    body = <p className="text-sm text-red-700">Your passkeys could not be loaded. Reload the page to try again.</p>
  } else if (passkeys.status === 'loading') {
    body = <p className="text-sm text-slate-600">Loading your passkeys…</p>
  } else {
    body = (
      <div className="space-y-4">
        {passkeys.data.length === 0 ? (
          <p className="text-sm text-slate-600">No passkeys yet.</p>
        ) : (
          <ul aria-label="Passkeys" className="divide-y divide-slate-100">
            {passkeys.data.map((passkey) => (
              <PasskeyItem
                key={passkey.id}
                passkey={passkey}
                deleting={running?.kind === 'delete' && running.passkey.id === passkey.id}
                onDelete={() => run({ kind: 'delete', passkey })}
                onRenamed={(name) => setDone(`Renamed to ${name}.`)}
              />
            ))}
          </ul>
        )}
        <AddPasskeyForm pending={running?.kind === 'add'} onAdd={(name) => run({ kind: 'add', name })} />
      </div>
    )
  }

  return (
    <section aria-labelledby="passkeys-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Sign in with your fingerprint, face or device PIN instead of your password and code. A passkey stays on your
        device or in your password manager; Gatehouse only keeps its public key.
      </p>
      <div className="mt-4 space-y-3" aria-busy={passkeys.status === 'loading'}>
        <FormAlert alert={formAlert} />
        <FormStatus message={done} />
        {body}
      </div>
    </section>
  )
}

function AddPasskeyForm({ pending, onAdd }: { pending: boolean; onAdd: (name: string) => void }) {
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    onAdd(String(new FormData(event.currentTarget).get('name') ?? '').trim())
  }
  return (
    <form onSubmit={handleSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end" aria-busy={pending}>
      <div className="grow">
        <TextField
          label="Name for the new passkey (optional)"
          name="name"
          maxLength={PASSKEY_NAME_MAX_LENGTH}
          placeholder="e.g. Work laptop"
        />
      </div>
      <Button type="submit" aria-disabled={pending || undefined} variant="primary">
        {pending ? <Spinner /> : null}
        {pending ? 'Waiting for your device…' : 'Add a passkey'}
      </Button>
    </form>
  )
}

function PasskeyItem({
  passkey,
  deleting,
  onDelete,
  onRenamed,
}: {
  passkey: Passkey
  deleting: boolean
  onDelete: () => void
  onRenamed: (name: string) => void
}) {
  const [renaming, setRenaming] = useState(false)
  const [pending, setPending] = useState(false)
  const renameAlert = useFormAlert()
  const label = labelOf(passkey)

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    setPending(true)
    renameAlert.clear()
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.passkey.updatePasskey({ id: passkey.id, name }, fetchOptions),
    )
    setPending(false)
    if (!result.ok) return renameAlert.show(passkeyErrorMessage(result.failure))
    setRenaming(false)
    onRenamed(name)
  }

  if (renaming) {
    return (
      <li className="py-3">
        <form onSubmit={rename} className="space-y-3" aria-busy={pending}>
          <FormAlert alert={renameAlert} />
          <TextField
            label={`New name for ${label}`}
            name="name"
            defaultValue={passkey.name ?? ''}
            required
            maxLength={PASSKEY_NAME_MAX_LENGTH}
            autoFocus
          />
          <div className="flex gap-3">
            <SubmitButton pending={pending} pendingLabel="Saving…">
              Save name
            </SubmitButton>
            <Button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </Button>
          </div>
        </form>
      </li>
    )
  }

  return (
    <li className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <div>
        <p className="font-medium text-slate-900">{label}</p>
        <p className="text-sm text-slate-600">
          Added{' '}
          <time dateTime={new Date(passkey.createdAt).toISOString()}>
            {addedTime.format(new Date(passkey.createdAt))}
          </time>
          {passkey.backedUp ? ' · Synced across your devices' : ' · On this device only'}
        </p>
      </div>
      <div className="flex gap-2">
        <Button type="button" onClick={() => setRenaming(true)}>
          Rename<span className="sr-only"> {label}</span>
        </Button>
        <Button type="button" onClick={onDelete} aria-disabled={deleting || undefined} variant="danger">
          {deleting ? <Spinner /> : null}
          {deleting ? 'Deleting…' : 'Delete'}
          <span className="sr-only"> {label}</span>
        </Button>
      </div>
    </li>
  )
}
