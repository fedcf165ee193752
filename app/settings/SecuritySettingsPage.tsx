import { getRouteApi } from '@tanstack/react-router'
import { ChangeEmailSection } from '~/account/ChangeEmailSection'
import { ChangePasswordSection } from '~/account/ChangePasswordSection'
import { DeleteAccountSection } from '~/account/DeleteAccountSection'
import { LinkedAccountsSection } from '~/account/LinkedAccountsSection'
import { LazyEmailVerificationBanner } from '~/account/LazyEmailVerificationBanner'
import { SessionsSection } from '~/account/SessionsSection'
import { PasskeysSection } from '~/passkeys/PasskeysSection'
import { SecurityLog } from '~/two-factor/SecurityLog'
import { TwoFactorSection } from '~/two-factor/TwoFactorSection'

const route = getRouteApi('/_authed/settings/security')

/** Everything about keeping the account safe, one section per concern. */
export function SecuritySettingsPage() {
  const { user } = route.useLoaderData()
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <h1 className="text-2xl font-bold">Security</h1>
      {user.emailVerified ? null : <LazyEmailVerificationBanner email={user.email} />}
      {user.mustEnrollTwoFactor ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
          Turn on two-factor authentication to continue: the rest of the app opens once it is on.
        </p>
      ) : null}
      <TwoFactorSection user={user} />
      <PasskeysSection />
      <SessionsSection />
      <ChangeEmailSection email={user.email} />
      <ChangePasswordSection />
      <LinkedAccountsSection />
      <SecurityLog />
      <DeleteAccountSection user={user} />
    </main>
  )
}
