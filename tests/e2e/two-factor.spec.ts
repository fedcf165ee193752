import { expect, test, type Page } from '@playwright/test'
import { BACKUP_CODE_COUNT, TOTP_DIGITS, TOTP_PERIOD_S } from '../../lib/policy'
import { totpCode } from '../support/totp'
import { emailsTo } from './support-email'
import { PASSWORD, signIn, signOut, signUp, uniqueEmail, visit } from './support'

// The whole path: the sign-in page's own address ends in "?redirect=/settings/security" too.
const SECURITY_SETTINGS = /^https?:\/\/[^/]+\/settings\/security$/

const twoFactorSection = (page: Page) => page.getByRole('region', { name: 'Two-factor authentication' })
const securityLog = (page: Page) => page.getByRole('region', { name: 'Security activity' })

/** The one-time code field: one textbox, named by its label, however many slots it draws. */
const codeInput = (page: Page, label: string) => page.getByRole('textbox', { name: label })

/** Types a code digit by digit, as a person would. */
async function typeCode(page: Page, label: string, code: string) {
  await codeInput(page, label).click()
  await page.keyboard.type(code)
}

/** Pastes a whole code, the way a password manager or a copied code arrives. */
async function pasteCode(page: Page, label: string, code: string) {
  await codeInput(page, label).evaluate((element, text) => {
    const clipboardData = new DataTransfer()
    clipboardData.setData('text/plain', text)
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }))
  }, code)
}

async function confirmPassword(page: Page, submitLabel: string, password = PASSWORD) {
  const section = twoFactorSection(page)
  await section.getByLabel('Your password').fill(password)
  await section.getByRole('button', { name: submitLabel }).click()
}

async function readBackupCodes(page: Page): Promise<string[]> {
  return twoFactorSection(page).getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allInnerTexts()
}

async function confirmBackupCodesSaved(page: Page) {
  const section = twoFactorSection(page)
  await section.getByRole('button', { name: 'Done' }).click()
  await expect(section.getByText('Tick this box once your codes are stored somewhere safe.')).toBeVisible()
  await section.getByLabel('I have saved these backup codes').check()
  await section.getByRole('button', { name: 'Done' }).click()
  await expect(section.getByRole('list', { name: 'Backup codes' })).toHaveCount(0)
}

async function signOutFromDashboard(page: Page) {
  await visit(page, '/dashboard')
  await signOut(page)
}

// Six digits that are not the current code (nor, in practice, a neighbouring one).
const wrongCode = async (secret: string) =>
  String((Number(await totpCode(secret)) + 500_000) % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0')

test.describe.serial('two-factor authentication', () => {
  const account = { email: '', secret: '', backupCodes: [] as string[] }

  test('a person turns on two-factor authentication with an authenticator app and saves the backup codes', async ({
    page,
  }) => {
    account.email = (await signUp(page, { email: uniqueEmail('two-factor') })).email
    await visit(page, '/settings/security')
    const section = twoFactorSection(page)
    await expect(section.getByText('Status: Off')).toBeVisible()

    await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    await confirmPassword(page, 'Continue', 'not the right password')
    await expect(section.getByRole('alert')).toContainText('That password is not right.')
    await confirmPassword(page, 'Continue')

    await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
    const setupKey = await section.getByRole('group', { name: 'Setup key' }).locator('code').innerText()
    expect(setupKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
    account.secret = setupKey.replace(/ /g, '')
    await page.screenshot({ path: test.info().outputPath('enrollment.png'), fullPage: true })

    await typeCode(page, 'Code from your app', await wrongCode(account.secret))
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
    await expect(section.getByRole('alert')).toContainText('That code is not right.')
    await expect(section.getByText('Status: Off')).toBeVisible()

    // The refusal is the code field's own description, and the field is marked invalid, emptied and focused.
    const input = codeInput(page, 'Code from your app')
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await expect(input).toHaveAccessibleDescription(/That code is not right\./)
    await expect(input).toBeFocused()
    await expect(input).toHaveValue('')

    const code = await totpCode(account.secret)
    await typeCode(page, 'Code from your app', code)
    // One field holds the whole code; the slots are drawing only.
    await expect(section.getByRole('textbox', { name: 'Code from your app' })).toHaveCount(1)
    await expect(input).toHaveValue(code)
    await expect(input).toHaveAttribute('autocomplete', 'one-time-code')
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()

    await expect(section.getByText('Status: On')).toBeVisible()
    await expect(section.getByRole('heading', { name: 'Save your backup codes' })).toBeVisible()
    account.backupCodes = await readBackupCodes(page)
    expect(account.backupCodes).toHaveLength(BACKUP_CODE_COUNT)
    // Three groups of four, no look-alikes (0/O, 1/I/L): lib/backup-code.ts.
    for (const backupCode of account.backupCodes)
      expect(backupCode).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){2}$/)
    await page.screenshot({ path: test.info().outputPath('backup-codes.png'), fullPage: true })
    await confirmBackupCodesSaved(page)

    await expect(section.getByText(`${BACKUP_CODE_COUNT} of ${BACKUP_CODE_COUNT}`)).toBeVisible()
    await expect(securityLog(page).getByText('Two-factor authentication turned on')).toBeVisible()

    // The server renders the new status: no flash of "Off" after a reload.
    const html = await (await page.reload())!.text()
    expect(html).toMatch(/Status: <\/span><span[^>]*>(<svg.*?<\/svg>)?On</)
  })

  test('signing in asks for a second factor; a backup code works once and a trusted device skips the question', async ({
    page,
  }) => {
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(/\/two-factor\?redirect=%2Fsettings%2Fsecurity$/)
    await expect(codeInput(page, 'Authentication code')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('challenge.png'), fullPage: true })

    await page.getByRole('button', { name: 'Use a backup code' }).click()
    // Typed without its hyphen: the form puts it back.
    await page.getByLabel('Backup code').fill(account.backupCodes[0]!.replace('-', ''))
    await page.getByLabel('Trust this device for 30 days').check()
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
    await expect(twoFactorSection(page).getByText(`${BACKUP_CODE_COUNT - 1} of ${BACKUP_CODE_COUNT}`)).toBeVisible()
    await expect(securityLog(page).getByText('Signed in with a backup code')).toBeVisible()

    // This browser is trusted now: the password alone signs in.
    await signOutFromDashboard(page)
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(SECURITY_SETTINGS)

    await twoFactorSection(page).getByRole('button', { name: 'Forget trusted devices' }).click()
    await confirmPassword(page, 'Forget trusted devices')
    await expect(twoFactorSection(page).getByRole('status')).toContainText('Trusted devices forgotten.')

    // Forgotten: the question is back, and the backup code already used is refused.
    await signOutFromDashboard(page)
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(/\/two-factor\?/)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').fill(account.backupCodes[0]!)
    await page.getByRole('button', { name: 'Verify' }).click()
    // Said by the field, which keeps the code for correcting and has focus again.
    await expect(page.getByLabel('Backup code')).toHaveAccessibleDescription(
      /That backup code is not right, or it has already been used\./,
    )
    await expect(page.getByLabel('Backup code')).toBeFocused()
    await expect(page).toHaveURL(/\/two-factor\?/)

    // The code from enrolment is spent (replay guard); the next period's code is accepted too.
    await page.getByRole('button', { name: 'Use your authenticator app instead' }).click()
    const nextCode = await totpCode(account.secret, Date.now() + TOTP_PERIOD_S * 1000)
    await pasteCode(page, 'Authentication code', nextCode)
    await expect(codeInput(page, 'Authentication code')).toHaveValue(nextCode)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
    await expect(twoFactorSection(page).getByText('Status: On')).toBeVisible()
  })

  test('new backup codes replace the old ones, and turning two-factor off needs the password', async ({ page }) => {
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(/\/two-factor\?/)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').fill(account.backupCodes[1]!)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
    const section = twoFactorSection(page)
    await expect(section.getByText(`${BACKUP_CODE_COUNT - 2} of ${BACKUP_CODE_COUNT}`)).toBeVisible()

    await section.getByRole('button', { name: 'Generate new backup codes' }).click()
    await confirmPassword(page, 'Generate new codes')
    await expect(section.getByRole('heading', { name: 'Save your new backup codes' })).toBeVisible()
    const fresh = await readBackupCodes(page)
    expect(fresh).toHaveLength(BACKUP_CODE_COUNT)
    expect(fresh.filter((code) => account.backupCodes.includes(code))).toEqual([])
    // Leaving before confirming asks first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click()
    await expect(section.getByRole('alert')).toContainText('You have not confirmed that your backup codes are saved.')
    await section.getByRole('button', { name: 'Stay and save them' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
    await confirmBackupCodesSaved(page)
    await expect(section.getByText(`${BACKUP_CODE_COUNT} of ${BACKUP_CODE_COUNT}`)).toBeVisible()

    await section.getByRole('button', { name: 'Turn off two-factor authentication' }).click()
    await confirmPassword(page, 'Turn off two-factor authentication', 'not the right password')
    await expect(section.getByRole('alert')).toContainText('That password is not right.')
    await expect(section.getByText('Status: On')).toBeVisible()
    await confirmPassword(page, 'Turn off two-factor authentication')
    await expect(section.getByText('Status: Off')).toBeVisible()
    await expect(securityLog(page).getByText('Two-factor authentication turned off')).toBeVisible()

    await signOutFromDashboard(page)
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(SECURITY_SETTINGS)
  })
})

test('a sign-in challenge that has run out sends the person back to sign in, saying why', async ({ page }) => {
  // No password step in this browser, so there is no challenge cookie: as after the ten minutes have passed.
  await visit(page, '/two-factor?redirect=/settings/security')
  const input = codeInput(page, 'Authentication code')
  await typeCode(page, 'Authentication code', '129')
  await page.keyboard.press('Backspace')
  await expect(input).toHaveValue('12')
  // Letters are not digits: the field keeps only what a code can hold.
  await page.keyboard.type('x3456')
  await expect(input).toHaveValue('123456')
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fsettings%2Fsecurity&reason=challenge-expired$/)
  await expect(page.getByRole('status')).toContainText('Your sign-in expired before the second step was finished.')
})

let addressCount = 0
/** Each journey below is a client of its own, so the per-address rate limits of one do not reach the next. */
test.describe('two-factor lifecycle', () => {
  test.beforeEach(async ({ context }) => {
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${200 + ++addressCount}` })
  })

  /** Signs up and turns two-factor on through the settings page; returns what the person saved. */
  async function enrolled(page: Page) {
    const { email } = await signUp(page, { email: uniqueEmail('lifecycle') })
    await visit(page, '/settings/security')
    const section = twoFactorSection(page)
    await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    await confirmPassword(page, 'Continue')
    const secret = (await section.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(
      / /g,
      '',
    )
    await typeCode(page, 'Code from your app', await totpCode(secret))
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
    await expect(section.getByRole('heading', { name: 'Save your backup codes' })).toBeVisible()
    const backupCodes = await readBackupCodes(page)
    await confirmBackupCodesSaved(page)
    return { email, secret, backupCodes }
  }

  // The code of the next period: the current one was used (each is accepted once) and one step of drift is allowed.
  const nextCode = (secret: string) => totpCode(secret, Date.now() + TOTP_PERIOD_S * 1000)

  async function signInToChallenge(page: Page, email: string) {
    await signOutFromDashboard(page)
    await signIn(page, email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(/\/two-factor\?/)
  }

  test('a backup code works typed in capitals or small letters, with or without hyphens', async ({ page }) => {
    const { email, backupCodes } = await enrolled(page)

    await signInToChallenge(page, email)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').click()
    await page.keyboard.type(backupCodes[0]!.replace(/-/g, '').toLowerCase())
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)

    await signInToChallenge(page, email)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').click()
    await page.keyboard.type(` ${backupCodes[1]!.replace(/-/g, ' ').toUpperCase()} `)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
    await expect(twoFactorSection(page).getByText(`${BACKUP_CODE_COUNT - 2} of ${BACKUP_CODE_COUNT}`)).toBeVisible()
  })

  test('a trusted laptop must pass the second factor again after two-factor is turned off and on elsewhere', async ({
    page,
    browser,
  }) => {
    const { email, secret } = await enrolled(page)
    // Another browser of the same person: Better Auth's own "turn off" forgets only the browser it is done in.
    const laptopContext = await browser.newContext({
      extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${200 + ++addressCount}` },
    })
    const laptop = await laptopContext.newPage()
    await signIn(laptop, email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(laptop).toHaveURL(/\/two-factor\?/)
    await typeCode(laptop, 'Authentication code', await nextCode(secret))
    await laptop.getByLabel('Trust this device for 30 days').check()
    await laptop.getByRole('button', { name: 'Verify' }).click()
    await expect(laptop).toHaveURL(SECURITY_SETTINGS)
    await signOutFromDashboard(laptop)
    await signIn(laptop, email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(laptop).toHaveURL(SECURITY_SETTINGS)
    await signOutFromDashboard(laptop)

    const section = twoFactorSection(page)
    await section.getByRole('button', { name: 'Turn off two-factor authentication' }).click()
    await confirmPassword(page, 'Turn off two-factor authentication')
    await expect(section.getByText('Status: Off')).toBeVisible()
    await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    await confirmPassword(page, 'Continue')
    const newSecret = (await section.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(
      / /g,
      '',
    )
    await typeCode(page, 'Code from your app', await totpCode(newSecret))
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
    await confirmBackupCodesSaved(page)

    await signIn(laptop, email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(laptop).toHaveURL(/\/two-factor\?/)
    await expect(codeInput(laptop, 'Authentication code')).toBeVisible()
    await laptopContext.close()
  })

  test('a person replaces their authenticator app with their password and a current code', async ({ page }) => {
    const { email, secret } = await enrolled(page)
    const section = twoFactorSection(page)
    await section.getByRole('button', { name: 'Replace authenticator app' }).click()
    await section.getByLabel('Your password').fill(PASSWORD)
    await section.getByLabel('Current code').fill('000000')
    await section.getByRole('button', { name: 'Continue' }).click()
    await expect(section.getByText('That code is not right.')).toBeVisible()
    await section.getByLabel('Current code').fill(await nextCode(secret))
    await section.getByRole('button', { name: 'Continue' }).click()

    // The new backup codes first, so that leaving half-way cannot lock the person out.
    await expect(section.getByRole('heading', { name: 'Save your new backup codes' })).toBeVisible()
    await confirmBackupCodesSaved(page)
    await expect(section.getByRole('heading', { name: 'Connect your new authenticator app' })).toBeVisible()
    const newSecret = (await section.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(
      / /g,
      '',
    )
    expect(newSecret).not.toBe(secret)
    await typeCode(page, 'Code from your app', await totpCode(newSecret))
    await section.getByRole('button', { name: 'Use the new app' }).click()
    await expect(section.getByRole('status')).toContainText('Your new authenticator app is connected.')
    await expect(securityLog(page).getByText('Authenticator app replaced')).toBeVisible()
    await expect
      .poll(async () => (await emailsTo(email)).map((m) => m.subject).join('\n'))
      .toContain('Your authenticator app was replaced')

    await signInToChallenge(page, email)
    await typeCode(page, 'Authentication code', await totpCode(secret, Date.now() + 2 * TOTP_PERIOD_S * 1000))
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page.getByRole('alert')).toContainText('That code is not right.')
    await typeCode(page, 'Authentication code', await nextCode(newSecret))
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect(page).toHaveURL(SECURITY_SETTINGS)
  })

  test('a person sees their backup codes again after confirming the password, and is emailed about it', async ({
    page,
  }) => {
    const { email, backupCodes } = await enrolled(page)
    const section = twoFactorSection(page)
    await expect(section.getByRole('list', { name: 'Backup codes' })).toHaveCount(0)
    await section.getByRole('button', { name: 'Show backup codes' }).click()
    await confirmPassword(page, 'Show backup codes', 'not the right password')
    await expect(section.getByRole('alert')).toContainText('That password is not right.')
    await confirmPassword(page, 'Show backup codes')
    await expect(section.getByRole('heading', { name: 'Your unused backup codes' })).toBeVisible()
    await expect(section.getByRole('list', { name: 'Backup codes' }).getByRole('listitem')).toHaveText(backupCodes)
    await expect(securityLog(page).getByText('Backup codes viewed')).toBeVisible()
    await expect
      .poll(async () => (await emailsTo(email)).map((m) => m.subject).join('\n'))
      .toContain('Your backup codes were viewed')
    await section.getByRole('button', { name: 'Hide backup codes' }).click()
    await expect(section.getByRole('list', { name: 'Backup codes' })).toHaveCount(0)
  })

  test('deleting an account with two-factor on asks for a code as well as the password', async ({ page }) => {
    const { backupCodes } = await enrolled(page)
    const section = page.getByRole('region', { name: 'Delete account' })
    await section.getByLabel('Your password').fill(PASSWORD)
    await section.getByLabel('Confirm').fill('delete my account')
    await section.getByRole('button', { name: 'Delete my account' }).click()
    await expect(
      section.getByText('Enter the 6-digit code your app shows now, or one of your backup codes.'),
    ).toBeVisible()
    await section.getByLabel('Two-factor code').fill(backupCodes[0]!.toLowerCase())
    await section.getByRole('button', { name: 'Delete my account' }).click()
    await expect(page).toHaveURL(/\/\?notice=account-deleted$/)
  })
})

test('Better Auth endpoints the app does not use answer 404 through the proxy', async ({ request }) => {
  expect((await request.get('/api/auth/ok')).status()).toBe(200)
  for (const path of ['/api/auth/list-sessions', '/api/auth/account-info'])
    expect((await request.get(path)).status(), path).toBe(404)
  for (const path of [
    '/api/auth/revoke-other-sessions',
    '/api/auth/update-user',
    '/api/auth/verify-password',
    '/api/auth/unlink-account',
  ]) {
    expect((await request.post(path, { data: {} })).status(), path).toBe(404)
  }
})
