import { FORGET_TRUSTED_DEVICES_PATH, REAUTHENTICATE_PATH, VIEW_BACKUP_CODES_PURPOSE } from '@lib/auth-routes'
import { ErrorCode } from '@lib/error-codes'
import { useRouter } from '@tanstack/react-router'
import { lazy, Suspense, useRef, useState } from 'react'
import { BACKUP_CODE_COUNT, BACKUP_CODES_LOW_COUNT, BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S } from '@lib/policy'
import { readTotpSecret } from '@lib/totp-setup-key'
import { FormStatus } from '~/components/form'
import type { CurrentUser } from '~/users/current-user-result'
import { api } from '../../convex/_generated/api'
import { BackupCodesPanel } from './BackupCodesPanel'
import { Button, type ButtonVariant } from '~/components/Button'
import { Icon } from '~/components/Icon'
import { shieldCheckIcon, shieldOffIcon } from '~/components/icons'
import { PasswordConfirmForm } from '~/components/PasswordConfirmForm'
import { ReplaceAuthenticatorForm } from './ReplaceAuthenticatorForm'
import { trustedDeviceDays } from './trusted-device'
import { errorMessage } from '~/components/error-messages'
import { refreshConvexTokenCookie, authRequest } from '~/auth/auth-request'
import { useLiveQuery } from './use-live-query'

// Connecting an app (the code input, the QR code) is fetched when someone starts to, not with the page.
const loadEnrollAuthenticator = () => import('./EnrollAuthenticator')
const EnrollAuthenticator = lazy(() =>
  loadEnrollAuthenticator().then((module) => ({ default: module.EnrollAuthenticator })),
)
const prefetchEnrollAuthenticator = () => void loadEnrollAuthenticator().catch(() => {})

type PasswordAction = 'enable' | 'regenerate' | 'view-codes' | 'forget-devices' | 'disable'

type Step =
  | { name: 'overview' }
  | { name: 'confirm-password'; action: PasswordAction }
  | { name: 'replace' }
  | { name: 'connect-app'; totpUri: string; secret: string; backupCodes: string[]; replacing: boolean }
  | { name: 'backup-codes'; codes: string[]; after: 'enrolled' | 'regenerated' }
  | { name: 'replacement-codes'; codes: string[]; totpUri: string; secret: string }
  | { name: 'view-codes' }

const passwordActions: Record<
  PasswordAction,
  { title: string; description: string; submitLabel: string; pendingLabel: string; submitVariant?: ButtonVariant }
> = {
  enable: {
    title: 'Set up two-factor authentication',
    description: 'Confirm your password to start. Next you connect an authenticator app.',
    submitLabel: 'Continue',
    pendingLabel: 'Checking…',
  },
  regenerate: {
    title: 'Generate new backup codes',
    description: 'Your current backup codes stop working as soon as the new ones are made.',
    submitLabel: 'Generate new codes',
    pendingLabel: 'Generating…',
  },
  'view-codes': {
    title: 'Show your backup codes',
    description: `Confirm your password to see your unused backup codes for the next ${BACKUP_CODES_VIEW_STEP_UP_MAX_AGE_S / 60} minutes. We email you that they were viewed.`,
    submitLabel: 'Show backup codes',
    pendingLabel: 'Checking…',
  },
  'forget-devices': {
    title: 'Forget trusted devices',
    description: `Every browser where you chose to skip the code, this one included, will ask for one at its next sign-in.`,
    submitLabel: 'Forget trusted devices',
    pendingLabel: 'Forgetting…',
    submitVariant: 'danger',
  },
  disable: {
    title: 'Turn off two-factor authentication',
    description: 'Signing in will need only your password. Your authenticator app and backup codes stop working.',
    submitLabel: 'Turn off two-factor authentication',
    pendingLabel: 'Turning off…',
    submitVariant: 'danger',
  },
}

/**
 * Two-factor authentication in the security settings. The status comes from the loader's user, so the server
 * renders it; after a change the route's data is reloaded. Each change asks for the password first.
 */
export function TwoFactorSection({ user }: { user: CurrentUser }) {
  const router = useRouter()
  const [step, setStep] = useState<Step>({ name: 'overview' })
  const [notice, setNotice] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const enabled = user.twoFactorEnabled

  function show(next: Step) {
    setNotice(null)
    setStep(next)
  }

  /** Back to the overview; focus goes to the section, since the form that had it is gone. */
  function showOverview(message: string | null = null) {
    setStep({ name: 'overview' })
    setNotice(message)
    requestAnimationFrame(() => headingRef.current?.focus())
  }

  /**
   * Better Auth replaced the session: store a token for the new one, then reload the page's user. The change itself
   * has succeeded by then, so a failure here is left for the next page load to catch up with.
   */
  async function afterSessionReplaced() {
    await refreshConvexTokenCookie()
    await router.invalidate().catch(() => {})
  }

  async function confirmWithPassword(action: PasswordAction, password: string): Promise<string | null> {
    if (action === 'enable') {
      prefetchEnrollAuthenticator()
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.twoFactor.enable({ password, fetchOptions }),
      )
      if (!result.ok) return errorMessage(result.failure)
      const { totpURI, backupCodes } = result.data
      const secret = readTotpSecret(totpURI)
      if (!secret) return 'Two-factor setup could not start. Please try again.'
      setStep({ name: 'connect-app', totpUri: totpURI, secret, backupCodes, replacing: false })
      return null
    }
    if (action === 'view-codes') {
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.$fetch<{ status: boolean }>(REAUTHENTICATE_PATH, {
          method: 'POST',
          body: { password, purpose: VIEW_BACKUP_CODES_PURPOSE },
          ...fetchOptions,
        }),
      )
      if (!result.ok) return errorMessage(result.failure)
      setStep({ name: 'view-codes' })
      return null
    }
    if (action === 'regenerate') {
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.twoFactor.generateBackupCodes({ password, fetchOptions }),
      )
      if (!result.ok) return errorMessage(result.failure)
      setStep({ name: 'backup-codes', codes: result.data.backupCodes, after: 'regenerated' })
      setNotice('New backup codes generated. Your old ones no longer work.')
      return null
    }
    if (action === 'forget-devices') {
      // Gatehouse's own endpoint (convex/model/twoFactorGuard.ts), so the client has no method for it.
      const result = await authRequest((authClient, fetchOptions) =>
        authClient.$fetch<{ status: boolean }>(FORGET_TRUSTED_DEVICES_PATH, {
          method: 'POST',
          body: { password },
          ...fetchOptions,
        }),
      )
      if (!result.ok) return errorMessage(result.failure)
      showOverview('Trusted devices forgotten. Every browser will ask for a code at its next sign-in.')
      return null
    }
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.twoFactor.disable({ password, fetchOptions }),
    )
    if (!result.ok) return errorMessage(result.failure)
    await afterSessionReplaced()
    showOverview('Two-factor authentication is off. Signing in now needs only your password.')
    return null
  }

  async function replaceAuthenticator(password: string, code: string) {
    prefetchEnrollAuthenticator()
    // Gatehouse's rule on Better Auth's enable (convex/model/twoFactorGuard.ts): the client's method has no `code`.
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ totpURI: string; backupCodes: string[] }>('/two-factor/enable', {
        method: 'POST',
        body: { password, code },
        ...fetchOptions,
      }),
    )
    if (!result.ok) {
      const message = errorMessage(result.failure)
      if (result.failure.code === ErrorCode.InvalidPassword) return { field: 'password' as const, message }
      if (result.failure.code === ErrorCode.InvalidTwoFactorCode || result.failure.code === ErrorCode.TotpReplayed) {
        return { field: 'code' as const, message }
      }
      return { message }
    }
    const secret = readTotpSecret(result.data.totpURI)
    if (!secret) return { message: 'The new authenticator could not be set up. Please try again.' }
    // The new secret is already in force: the new backup codes come first, so leaving half-way never locks anyone out.
    setStep({ name: 'replacement-codes', codes: result.data.backupCodes, totpUri: result.data.totpURI, secret })
    return null
  }

  async function handleEnabled(backupCodes: string[], replacing: boolean) {
    if (replacing) return showOverview('Your new authenticator app is connected.')
    // The codes first: whatever happens next, they must be seen.
    setStep({ name: 'backup-codes', codes: backupCodes, after: 'enrolled' })
    setNotice('Two-factor authentication is on.')
    await afterSessionReplaced()
  }

  return (
    <section aria-labelledby="two-factor-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="two-factor-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          Two-factor authentication
        </h2>
        <StatusBadge enabled={enabled} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {enabled
          ? 'Signing in asks for a code from your authenticator app (or a backup code) after your password.'
          : 'Add a second step to signing in: a code from an authenticator app on your phone, so a stolen password is not enough.'}
      </p>
      <div className="mt-4 space-y-4">
        <FormStatus message={notice} />
        {step.name === 'confirm-password' ? (
          <PasswordConfirmForm
            key={step.action}
            {...passwordActions[step.action]}
            onConfirm={(password) => confirmWithPassword(step.action, password)}
            onCancel={() => showOverview()}
          />
        ) : step.name === 'replace' ? (
          <ReplaceAuthenticatorForm onConfirm={replaceAuthenticator} onCancel={() => showOverview()} />
        ) : step.name === 'connect-app' ? (
          <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
            <EnrollAuthenticator
              totpUri={step.totpUri}
              secret={step.secret}
              replacing={step.replacing}
              onEnabled={() => handleEnabled(step.backupCodes, step.replacing)}
              onCancel={() => showOverview()}
            />
          </Suspense>
        ) : step.name === 'backup-codes' ? (
          <BackupCodesPanel
            codes={step.codes}
            accountEmail={user.email}
            title={step.after === 'enrolled' ? 'Save your backup codes' : 'Save your new backup codes'}
            intro="If you lose your phone, each code lets you sign in once. Keep them somewhere safe, such as a password manager: seeing them again later takes your password, and we email you when that happens."
            onDone={() => showOverview()}
          />
        ) : step.name === 'replacement-codes' ? (
          <BackupCodesPanel
            codes={step.codes}
            accountEmail={user.email}
            title="Save your new backup codes"
            intro="Your old authenticator app and backup codes no longer work. Save these first: they sign you in if connecting the new app fails. Next, you connect the new app."
            onDone={() =>
              setStep({
                name: 'connect-app',
                totpUri: step.totpUri,
                secret: step.secret,
                backupCodes: step.codes,
                replacing: true,
              })
            }
          />
        ) : step.name === 'view-codes' ? (
          <ViewBackupCodes onDone={() => showOverview()} />
        ) : enabled ? (
          <EnabledOverview
            onAction={(action) => show({ name: 'confirm-password', action })}
            onReplace={() => show({ name: 'replace' })}
          />
        ) : (
          <Button variant="primary" onClick={() => show({ name: 'confirm-password', action: 'enable' })}>
            Set up two-factor authentication
          </Button>
        )}
      </div>
    </section>
  )
}

function StatusBadge({ enabled }: { enabled: boolean }) {
  return (
    <p className="text-sm">
      <span className="sr-only">Status: </span>
      <span
        className={
          enabled
            ? 'inline-flex items-center gap-1 rounded-full bg-green-100 px-2.5 py-1 font-semibold text-green-800'
            : 'inline-flex items-center gap-1 rounded-full bg-slate-100 px-2.5 py-1 font-semibold text-slate-700'
        }
      >
        <Icon icon={enabled ? shieldCheckIcon : shieldOffIcon} className="size-4" />
        {enabled ? 'On' : 'Off'}
      </span>
    </p>
  )
}

function EnabledOverview({
  onAction,
  onReplace,
}: {
  onAction: (action: PasswordAction) => void
  onReplace: () => void
}) {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h3 className="font-semibold text-slate-900">Authenticator app</h3>
        <p className="text-sm text-slate-700">
          New phone, or worried someone copied your setup key? Move to a new app.
        </p>
        <Button onClick={onReplace}>Replace authenticator app</Button>
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold text-slate-900">Backup codes</h3>
        <BackupCodesRemaining />
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => onAction('view-codes')}>Show backup codes</Button>
          <Button onClick={() => onAction('regenerate')}>Generate new backup codes</Button>
        </div>
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold text-slate-900">Trusted devices</h3>
        <p className="text-sm text-slate-700">
          Browsers where you ticked “Trust this device” skip the code for {trustedDeviceDays} days.
        </p>
        <Button onClick={() => onAction('forget-devices')}>Forget trusted devices</Button>
      </div>
      <div className="border-t border-slate-100 pt-4">
        <Button variant="danger" onClick={() => onAction('disable')}>
          Turn off two-factor authentication
        </Button>
      </div>
    </div>
  )
}

function BackupCodesRemaining() {
  const remaining = useLiveQuery(api.twoFactor.backupCodesRemaining)
  if (remaining.status === 'loading') {
    return (
      <p className="text-sm text-slate-600" aria-busy="true">
        Counting your backup codes…
      </p>
    )
  }
  if (remaining.status === 'failed') {
    return <p className="text-sm text-slate-600">Your backup codes cannot be counted right now.</p>
  }
  const left = remaining.data
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-700">
        <span className="font-semibold text-slate-900">
          {left} of {BACKUP_CODE_COUNT}
        </span>{' '}
        backup codes left. Each one signs you in once if you cannot use your authenticator app.
      </p>
      {left <= BACKUP_CODES_LOW_COUNT ? (
        <p role="status" className="text-amber-800">
          {left === 0 ? 'You have no backup codes left.' : 'You are running low.'} Generate a new set to stay able to
          sign in without your phone.
        </p>
      ) : null}
    </div>
  )
}

/** The unused backup codes, readable for a few minutes after the password was confirmed for this. */
function ViewBackupCodes({ onDone }: { onDone: () => void }) {
  const codes = useLiveQuery(api.twoFactor.viewBackupCodes)
  const headingRef = useRef<HTMLHeadingElement>(null)
  return (
    <div className="space-y-4">
      <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-slate-900 focus:outline-none">
        Your unused backup codes
      </h3>
      {codes.status === 'loading' ? (
        <p className="text-sm text-slate-600" aria-busy="true">
          Loading your backup codes…
        </p>
      ) : codes.status === 'failed' ? (
        <p role="alert" className="text-sm text-red-700">
          Your backup codes cannot be shown. Confirm your password again to see them.
        </p>
      ) : (
        <ol
          aria-label="Backup codes"
          className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 font-mono text-base text-slate-900"
        >
          {codes.data.backupCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
      )}
      <Button onClick={onDone}>Hide backup codes</Button>
    </div>
  )
}
