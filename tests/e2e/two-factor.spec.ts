import { expect, test, type Page } from '@playwright/test'
import { BACKUP_CODE_COUNT, TOTP_DIGITS, TOTP_PERIOD_S } from '../../lib/policy'
import { totpCode } from '../support/totp'
import { PASSWORD, signIn, signOut, signUp, uniqueEmail, visit } from './support'

// The whole path: the sign-in page's own address ends in "?redirect=/settings/security" too.
const SECURITY_SETTINGS = /^https?:\/\/[^/]+\/settings\/security$/

const twoFactorSection = (page: Page) => page.getByRole('region', { name: 'Two-factor authentication' })
const securityLog = (page: Page) => page.getByRole('region', { name: 'Security activity' })

/** Types a code into the segmented input digit by digit, as a person would. */
async function typeCode(page: Page, groupName: string, code: string) {
  await page.getByRole('group', { name: groupName }).getByRole('textbox').first().click()
  await page.keyboard.type(code)
}

/** Pastes a whole code into one box, the way a password manager or a copied code arrives. */
async function pasteCode(page: Page, groupName: string, boxIndex: number, code: string) {
  const box = page.getByRole('group', { name: groupName }).getByRole('textbox').nth(boxIndex)
  await box.evaluate((element, text) => {
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

  test('a person turns on two-factor authentication with an authenticator app and saves the backup codes', async ({ page }) => {
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

    const code = await totpCode(account.secret)
    await typeCode(page, 'Code from your app', code)
    // Typing moved from box to box: each holds one digit.
    const boxes = section.getByRole('group', { name: 'Code from your app' }).getByRole('textbox')
    await expect(boxes).toHaveCount(TOTP_DIGITS)
    for (const [index, digit] of [...code].entries()) await expect(boxes.nth(index)).toHaveValue(digit)
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()

    await expect(section.getByText('Status: On')).toBeVisible()
    await expect(section.getByRole('heading', { name: 'Save your backup codes' })).toBeVisible()
    account.backupCodes = await readBackupCodes(page)
    expect(account.backupCodes).toHaveLength(BACKUP_CODE_COUNT)
    for (const backupCode of account.backupCodes) expect(backupCode).toMatch(/^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/)
    await page.screenshot({ path: test.info().outputPath('backup-codes.png'), fullPage: true })
    await confirmBackupCodesSaved(page)

    await expect(section.getByText(`${BACKUP_CODE_COUNT} of ${BACKUP_CODE_COUNT}`)).toBeVisible()
    await expect(securityLog(page).getByText('Two-factor authentication turned on')).toBeVisible()

    // The server renders the new status: no flash of "Off" after a reload.
    const html = await (await page.reload())!.text()
    expect(html).toMatch(/Status: <\/span><span[^>]*>On</)
  })

  test('signing in asks for a second factor; a backup code works once and a trusted device skips the question', async ({ page }) => {
    await signIn(page, account.email, PASSWORD, '/sign-in?redirect=/settings/security')
    await expect(page).toHaveURL(/\/two-factor\?redirect=%2Fsettings%2Fsecurity$/)
    await expect(page.getByRole('group', { name: 'Authentication code' })).toBeVisible()
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
    await expect(page.getByRole('alert')).toContainText('That backup code is not right, or it has already been used.')
    await expect(page).toHaveURL(/\/two-factor\?/)

    // The code from enrolment is spent (replay guard); the next period's code is accepted too.
    await page.getByRole('button', { name: 'Use your authenticator app instead' }).click()
    // Pasted into the third box, the whole code still lands in all six.
    const nextCode = await totpCode(account.secret, Date.now() + TOTP_PERIOD_S * 1000)
    await pasteCode(page, 'Authentication code', 2, nextCode)
    await expect(page.getByRole('group', { name: 'Authentication code' }).getByRole('textbox').first()).toHaveValue(nextCode[0]!)
    await expect(page.getByRole('group', { name: 'Authentication code' }).getByRole('textbox').last()).toHaveValue(nextCode.at(-1)!)
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
  const boxes = page.getByRole('group', { name: 'Authentication code' }).getByRole('textbox')
  await typeCode(page, 'Authentication code', '129')
  // Backspace empties the box before the cursor and moves back to it.
  await page.keyboard.press('Backspace')
  await expect(boxes.nth(2)).toHaveValue('')
  await expect(boxes.nth(2)).toBeFocused()
  await page.keyboard.type('3456')
  for (const [index, digit] of [...'123456'].entries()) await expect(boxes.nth(index)).toHaveValue(digit)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fsettings%2Fsecurity&reason=challenge-expired$/)
  await expect(page.getByRole('status')).toContainText('Your sign-in expired before the second step was finished.')
})
