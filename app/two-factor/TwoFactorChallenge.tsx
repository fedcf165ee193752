import { Link, useRouter } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { APP_NAME } from '@lib/app-config'
import { BACKUP_CODE_LENGTH, normalizeBackupCode } from '@lib/backup-code'
import { TOTP_DIGITS } from '@lib/policy'
import { useSessionStore } from '~/auth/use-session-store'
import { CheckboxField, FormAlert, SubmitButton, TextField } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { Button } from '~/components/Button'
import { ChallengeStatus } from './ChallengeStatus'
import { OneTimeCodeInput } from './OneTimeCodeInput'
import { trustedDeviceDays } from './trusted-device'
import { challengeEndedReason, isWrongCode } from './code-failure'
import { authRequest, failureMessage } from '~/auth/auth-request'

type Method = 'authenticator' | 'backup-code'

/** The code as Better Auth expects it, or null when what was typed cannot be one. */
function readCode(method: Method, values: FormData): string | null {
  if (method === 'backup-code') return normalizeBackupCode(String(values.get('backupCode') ?? ''))
  const code = String(values.get('code') ?? '')
  return code.length === TOTP_DIGITS ? code : null
}

/**
 * The second step of signing in, after the password was accepted and Better Auth set its challenge cookie.
 * `redirectTo` must already be checked with safeRedirect.
 */
export function TwoFactorChallenge({ redirectTo }: { redirectTo: string }) {
  const router = useRouter()
  const session = useSessionStore()
  const [method, setMethod] = useState<Method>('authenticator')
  const [pending, setPending] = useState(false)
  const [codeError, setCodeError] = useState<string | undefined>()
  // A new key empties the code input after a refused code.
  const [attempt, setAttempt] = useState(0)
  // Asks the server again for the tries left after each refused code.
  const [refusals, setRefusals] = useState(0)
  const formAlert = useFormAlert()

  function switchMethod(next: Method) {
    formAlert.clear()
    setCodeError(undefined)
    setMethod(next)
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const form = event.currentTarget
    const values = new FormData(form)
    const trustDevice = values.get('trustDevice') === 'on'
    formAlert.clear()
    const code = readCode(method, values)
    if (code === null) {
      setCodeError(
        method === 'authenticator'
          ? `Enter all ${TOTP_DIGITS} digits of the code your app shows.`
          : `A backup code has ${BACKUP_CODE_LENGTH} letters and digits, like 7KMX-3QPD-9HTW.`,
      )
      form.querySelector<HTMLInputElement>('input:not([type="hidden"])')?.focus()
      return
    }
    setCodeError(undefined)
    setPending(true)
    try {
      const result = await authRequest((authClient, fetchOptions) =>
        method === 'authenticator'
          ? authClient.twoFactor.verifyTotp({ code, trustDevice, fetchOptions })
          : authClient.twoFactor.verifyBackupCode({ code, trustDevice, fetchOptions }),
      )
      if (result.ok) {
        session.markSignedIn()
        await router.navigate({ href: redirectTo })
        return
      }
      const ended = challengeEndedReason(result.failure)
      if (ended) {
        await router.navigate({ to: '/sign-in', search: { redirect: redirectTo, reason: ended } })
        return
      }
      setRefusals((count) => count + 1)
      const message = await failureMessage(result.failure)
      if (!isWrongCode(result.failure)) return formAlert.show(message)
      // Said by the field itself, which gets focus back: a new authenticator input (autoFocus) starts afresh, a
      // mistyped backup code stays, to be corrected.
      setCodeError(message)
      if (method === 'authenticator') setAttempt((count) => count + 1)
      else form.querySelector<HTMLInputElement>('input[name="backupCode"]')?.focus()
    } finally {
      setPending(false)
    }
  }

  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">Two-factor verification</h1>
      <p className="mt-3 text-slate-700">
        {method === 'authenticator'
          ? `Open your authenticator app and enter the ${TOTP_DIGITS}-digit code it shows for ${APP_NAME}.`
          : 'Enter one of the backup codes you saved when you turned on two-factor authentication. Each code works once.'}
      </p>
      <ChallengeStatus refreshKey={refusals} />
      <form onSubmit={handleSubmit} noValidate className="mt-6 space-y-5" aria-busy={pending}>
        <FormAlert alert={formAlert} />
        {method === 'authenticator' ? (
          <OneTimeCodeInput key={attempt} label="Authentication code" name="code" error={codeError} autoFocus />
        ) : (
          <TextField
            label="Backup code"
            name="backupCode"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            required
            autoFocus
            hint="Capital or small letters, with or without the hyphens."
            error={codeError}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-slate-900 shadow-sm focus:border-indigo-600 aria-invalid:border-red-600"
          />
        )}
        <CheckboxField
          label={`Trust this device for ${trustedDeviceDays} days`}
          name="trustDevice"
          hint="This browser will not ask for a code again until then. Leave it unticked on a shared computer."
        />
        <SubmitButton pending={pending} pendingLabel="Verifying…">
          Verify
        </SubmitButton>
      </form>
      <div className="mt-6 space-y-3 text-sm text-slate-700">
        <p>
          {method === 'authenticator' ? (
            <>
              No access to your app?{' '}
              <Button variant="link" onClick={() => switchMethod('backup-code')}>
                Use a backup code
              </Button>
            </>
          ) : (
            <Button variant="link" onClick={() => switchMethod('authenticator')}>
              Use your authenticator app instead
            </Button>
          )}
        </p>
        <p>
          <Link to="/recover" className="font-semibold text-indigo-700 underline">
            Can’t use your authenticator or backup codes?
          </Link>
        </p>
        <p>
          <Link to="/sign-in" search={{ redirect: redirectTo }} className="font-semibold text-indigo-700 underline">
            Back to sign in
          </Link>
        </p>
      </div>
    </main>
  )
}
