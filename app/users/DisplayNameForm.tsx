import { useRef, useState, type FormEvent } from 'react'
import { DISPLAY_NAME_MAX_LENGTH } from '@lib/policy'
import { FormAlert, FormStatus, SubmitButton, TextField } from '~/components/form'
import { signedInMutation } from '~/auth/signed-in-convex'
import { useSessionStore } from '~/auth/use-session-store'
import { useFormAlert } from '~/components/use-form-alert'
import { api } from '../../convex/_generated/api'
import { checkDisplayName, updateDisplayNameFailure, updateDisplayNameMessages } from './display-name'

export function DisplayNameForm({ currentName }: { currentName: string }) {
  const session = useSessionStore()
  const [name, setName] = useState(currentName)
  const [pending, setPending] = useState(false)
  const [fieldError, setFieldError] = useState<string | undefined>()
  const [saved, setSaved] = useState<string | null>(null)
  const formAlert = useFormAlert()
  const inputRef = useRef<HTMLInputElement>(null)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    formAlert.clear()
    setSaved(null)
    const checked = checkDisplayName(name)
    if (!checked.ok) {
      setFieldError(checked.message)
      inputRef.current?.focus()
      return
    }
    setFieldError(undefined)
    setPending(true)
    try {
      // Over the WebSocket: it resolves once the live queries include the change, so the greeting shows the new
      // name without reloading anything.
      await signedInMutation(session.current, api.users.updateName, { name: checked.name })
      setName(checked.name)
      setSaved('Your display name was saved.')
    } catch (error) {
      formAlert.show(updateDisplayNameMessages[updateDisplayNameFailure(error)])
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <FormAlert alert={formAlert} />
      <FormStatus message={saved} />
      <TextField
        ref={inputRef}
        label="Display name"
        name="name"
        autoComplete="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        hint={`Up to ${DISPLAY_NAME_MAX_LENGTH} characters. Shown on your dashboard.`}
        error={fieldError}
      />
      <div className="sm:w-48">
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save name
        </SubmitButton>
      </div>
    </form>
  )
}
