import { onDemand } from '@lib/on-demand'
import { useRef, useState } from 'react'
import { NETWORK_ERROR_MESSAGE } from '~/auth/auth-client-loader'
import { Spinner } from '~/components/form'
import { Button } from '~/components/Button'
import type { PasskeySignInResult } from './passkey-sign-in'

type Outcome = { onSignedIn: () => Promise<void>; onError: (message: string) => void }

const passkeySignIn = onDemand(() => import('./passkey-sign-in'))

const UNSUPPORTED_MESSAGE = 'This browser cannot use passkeys. Sign in with your password.'

function passkeysSupported() {
  return typeof window !== 'undefined' && 'PublicKeyCredential' in window
}

async function signInWithPasskey(autoFill: boolean): Promise<PasskeySignInResult> {
  try {
    return await (await passkeySignIn.load()).signInWithPasskey(autoFill)
  } catch {
    return { ok: false, cancelled: false, message: NETWORK_ERROR_MESSAGE }
  }
}

async function finish(result: PasskeySignInResult, { onSignedIn, onError }: Outcome, quietWhenCancelled: boolean) {
  if (result.ok) return await onSignedIn()
  if (!(quietWhenCancelled && result.cancelled)) onError(result.message)
}

/**
 * Passkeys offered in the email field's autofill (WebAuthn conditional UI), where the browser supports it. The
 * request starts when the visitor first touches the field, so the page's first load carries none of its code.
 * Spread the returned handlers onto the email input, which needs `autoComplete="username webauthn"`.
 */
export function usePasskeyAutofill(outcome: Outcome) {
  const started = useRef(false)
  const start = () => {
    if (started.current || !passkeysSupported()) return
    started.current = true
    void (async () => {
      if (!(await PublicKeyCredential.isConditionalMediationAvailable?.())) return
      const result = await signInWithPasskey(true)
      // A newer prompt (the button) cancels this one; it may be offered again at the next touch.
      if (!result.ok && result.cancelled) started.current = false
      await finish(result, outcome, true)
    })()
  }
  // Not on focus: the field is focused on load (autoFocus), and this must wait for the visitor.
  return { onPointerDown: start, onKeyDown: start }
}

/** "Use a passkey": the browser asks which passkey, then to unlock it (PIN or biometric). */
export function PasskeySignInButton(outcome: Outcome) {
  const [pending, setPending] = useState(false)

  async function handleClick() {
    if (pending) return
    if (!passkeysSupported()) return outcome.onError(UNSUPPORTED_MESSAGE)
    setPending(true)
    try {
      await finish(await signInWithPasskey(false), outcome, false)
    } finally {
      setPending(false)
    }
  }

  return (
    <Button type="button" onClick={handleClick} aria-disabled={pending || undefined} className="w-full">
      {pending ? <Spinner /> : null}
      {pending ? 'Waiting for your passkey…' : 'Use a passkey'}
    </Button>
  )
}
