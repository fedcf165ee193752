import { useRef, useState } from 'react'
import { Spinner } from '~/components/form'
import { secondaryButton } from '~/components/button-styles'
import { authRequest, type AuthResult } from '~/auth/auth-request'
import { isCancelled, passkeyErrorMessage } from './passkey-error-message'

type Outcome = { onSignedIn: () => Promise<void>; onError: (message: string) => void }

function passkeysSupported() {
  return typeof window !== 'undefined' && 'PublicKeyCredential' in window
}

/** Better Auth's client and the WebAuthn browser code load with it, on demand: none of it is needed at first paint. */
function signInWithPasskey(autoFill: boolean): Promise<AuthResult<unknown>> {
  return authRequest((authClient, fetchOptions) => authClient.signIn.passkey({ autoFill }, fetchOptions))
}

async function finish(result: AuthResult<unknown>, { onSignedIn, onError }: Outcome, quietWhenCancelled: boolean) {
  if (result.ok) return await onSignedIn()
  if (quietWhenCancelled && isCancelled(result.failure)) return
  onError(passkeyErrorMessage(result.failure))
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
      if (!result.ok && isCancelled(result.failure)) started.current = false
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
    if (!passkeysSupported()) return outcome.onError(passkeyErrorMessage({ status: 400, code: 'UNSUPPORTED' }))
    setPending(true)
    try {
      await finish(await signInWithPasskey(false), outcome, false)
    } finally {
      setPending(false)
    }
  }

  return (
    <button type="button" onClick={handleClick} aria-disabled={pending || undefined} className={`${secondaryButton} w-full`}>
      {pending ? <Spinner /> : null}
      {pending ? 'Waiting for your passkey…' : 'Use a passkey'}
    </button>
  )
}
