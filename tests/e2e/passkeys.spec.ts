import { expect, test, type Page } from '@playwright/test'
import { emailsTo } from './support-email'
import { expectPath, ownClientAddress, signOut, signUp, visit } from './support'

test.beforeEach(ownClientAddress)

const passkeysSection = (page: Page) => page.getByRole('region', { name: 'Passkeys' })

/**
 * Chromium's virtual authenticator through the DevTools protocol: a platform authenticator that keeps discoverable
 * credentials and verifies its user (a PIN or biometric that always succeeds), touched automatically.
 */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials
  return { cdp, authenticatorId, credentials }
}

test('a person adds a passkey, signs in with it without password or code, renames it and deletes it', async ({
  page,
}) => {
  const { email } = await signUp(page)
  const authenticator = await addVirtualAuthenticator(page)

  // Signed in moments ago: the sign-in is the step-up adding a passkey needs.
  await visit(page, '/settings/security')
  const section = passkeysSection(page)
  await expect(section.getByText('No passkeys yet.')).toBeVisible()
  await section.getByLabel('Name for the new passkey (optional)').fill('Work laptop')
  await section.getByRole('button', { name: 'Add a passkey' }).click()
  await expect(section.getByRole('status')).toHaveText('Passkey added. You can now sign in with it.')
  await expect(section.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1)
  await expect(section.getByRole('button', { name: 'Rename Work laptop' })).toBeVisible()
  expect(await authenticator.credentials()).toHaveLength(1)
  await expect
    .poll(async () => (await emailsTo(email)).map((mail) => mail.subject))
    .toContain('Gatehouse: A passkey was added to your account')

  await visit(page, '/dashboard')
  await signOut(page)
  await visit(page, '/sign-in?redirect=/settings/security')
  await page.getByRole('button', { name: 'Use a passkey' }).click()
  await expectPath(page, '/settings/security')
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible()

  await section.getByRole('button', { name: 'Rename Work laptop' }).click()
  await section.getByLabel('New name for Work laptop').fill('Old laptop')
  await section.getByRole('button', { name: 'Save name' }).click()
  await expect(section.getByRole('status')).toHaveText('Renamed to Old laptop.')
  await expect(section.getByRole('button', { name: 'Rename Old laptop' })).toBeVisible()

  await section.getByRole('button', { name: 'Delete Old laptop' }).click()
  await expect(section.getByRole('status')).toHaveText('Old laptop was deleted.')
  await expect(section.getByText('No passkeys yet.')).toBeVisible()
  await expect
    .poll(async () => (await emailsTo(email)).map((mail) => mail.subject))
    .toContain('Gatehouse: A passkey was removed from your account')

  // The device still holds the credential, but Gatehouse no longer accepts it.
  await visit(page, '/dashboard')
  await signOut(page)
  await visit(page, '/sign-in')
  await page.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'This passkey is not registered with Gatehouse any more. Sign in with your password.',
  )
  await expectPath(page, '/sign-in')
})

test('the email field offers the passkey in autofill (conditional UI)', async ({ page }) => {
  await signUp(page)
  const authenticator = await addVirtualAuthenticator(page)
  await visit(page, '/settings/security')
  await passkeysSection(page).getByRole('button', { name: 'Add a passkey' }).click()
  await expect(passkeysSection(page).getByRole('status')).toHaveText('Passkey added. You can now sign in with it.')
  expect(await authenticator.credentials()).toHaveLength(1)
  await visit(page, '/dashboard')
  await signOut(page)

  await visit(page, '/sign-in?redirect=/settings/security')
  const emailField = page.getByLabel('Email')
  await expect(emailField).toHaveAttribute('autocomplete', 'username webauthn')
  // Touching the field starts the conditional request; the virtual authenticator answers it as if the person picked
  // the passkey from the autofill list.
  await emailField.click()
  await expectPath(page, '/settings/security')
})
