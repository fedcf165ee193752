import { useEffect, useRef, useState, type FormEvent } from 'react'
import { APP_NAME } from '@lib/app-config'
import { TOTP_DIGITS, TOTP_PERIOD_S } from '@lib/policy'
import { FormAlert, SubmitButton } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { Button, buttonClass } from '~/components/Button'
import { OneTimeCodeInput } from './OneTimeCodeInput'
import { SetupKey } from './SetupKey'
import { TotpQrCode } from './TotpQrCode'
import { isWrongCode } from './code-failure'
import { errorMessage } from '~/components/error-messages'
import { authRequest } from '~/auth/auth-request'

/**
 * Second step of turning two-factor on: connect an authenticator app, then prove it works with one code. Only a
 * valid code turns two-factor on; until then the account signs in with its password alone.
 */
export function EnrollAuthenticator({
  totpUri,
  secret,
  replacing = false,
  onEnabled,
  onCancel,
}: {
  totpUri: string
  secret: string
  /** Replacing an app: the new secret is already the one in force, so there is no going back to the old one. */
  replacing?: boolean
  onEnabled: () => Promise<void>
  onCancel: () => void
}) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  const [pending, setPending] = useState(false)
  const [codeError, setCodeError] = useState<string | undefined>()
  // A new key empties the code input after a refused code.
  const [attempt, setAttempt] = useState(0)
  const formAlert = useFormAlert()

  useEffect(() => headingRef.current?.focus(), [])

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = event.currentTarget
    const code = String(new FormData(form).get('code') ?? '')
    formAlert.clear()
    if (code.length !== TOTP_DIGITS) {
      setCodeError(`Enter all ${TOTP_DIGITS} digits of the code your app shows.`)
      form.querySelector<HTMLInputElement>('input[name="code"]')?.focus()
      return
    }
    setCodeError(undefined)
    setPending(true)
    try {
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.twoFactor.verifyTotp({ code, fetchOptions }),
      )
      if (result.ok) return await onEnabled()
      if (!isWrongCode(result.failure)) return formAlert.show(errorMessage(result.failure))
      // Said by the code input itself, which comes back empty and focused (autoFocus after a refusal).
      setCodeError(errorMessage(result.failure))
      setAttempt((count) => count + 1)
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-slate-900 focus:outline-none">
          {replacing ? 'Connect your new authenticator app' : 'Connect your authenticator app'}
        </h3>
        <p className="text-sm text-slate-700">
          {replacing
            ? 'Your old app no longer works. Connect the new one now; until then, your new backup codes sign you in.'
            : 'Use an app such as 1Password, Google Authenticator or Microsoft Authenticator on your phone.'}
        </p>
      </div>
      <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <TotpQrCode totpUri={totpUri} />
        <div className="min-w-0 space-y-3">
          <p className="text-sm text-slate-700">
            <span className="font-medium text-slate-900">1.</span> Scan the QR code with the app. If you cannot scan it,
            choose to enter a setup key in the app and type this one:
          </p>
          <SetupKey secret={secret} />
          <AddOnThisDevice totpUri={totpUri} />
        </div>
      </div>
      <form onSubmit={handleSubmit} noValidate className="space-y-4" aria-busy={pending}>
        <p className="text-sm text-slate-700">
          <span className="font-medium text-slate-900">2.</span> Enter the code the app now shows for {APP_NAME}.
        </p>
        <FormAlert alert={formAlert} />
        <OneTimeCodeInput
          key={attempt}
          label="Code from your app"
          name="code"
          hint={`A new ${TOTP_DIGITS}-digit code appears every ${TOTP_PERIOD_S} seconds.`}
          error={codeError}
          autoFocus={attempt > 0}
        />
        <div className="flex flex-wrap items-center gap-3">
          <div className="w-full sm:w-auto">
            <SubmitButton pending={pending} pendingLabel="Checking the code…">
              {replacing ? 'Use the new app' : 'Turn on two-factor authentication'}
            </SubmitButton>
          </div>
          {replacing ? null : <Button onClick={onCancel}>Cancel</Button>}
        </div>
      </form>
    </div>
  )
}

/**
 * A phone cannot scan its own screen: on a touch screen or a narrow one, the otpauth: link hands the account to the
 * authenticator app installed there. A plain link, not the router's: the URI (and its secret) never becomes an
 * address of this app, and nothing logs it.
 */
function AddOnThisDevice({ totpUri }: { totpUri: string }) {
  return (
    <div className="hidden space-y-1 pointer-coarse:block max-sm:block">
      <a href={totpUri} className={buttonClass('primary')}>
        Add to an authenticator app on this device
      </a>
      <p className="text-sm text-slate-600">On a phone: opens your authenticator app with {APP_NAME} filled in.</p>
    </div>
  )
}
