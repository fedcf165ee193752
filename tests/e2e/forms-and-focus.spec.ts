import { expect, test, type Page } from '@playwright/test'
import { CREDENTIAL_RATE_LIMIT_MAX_REQUESTS, CREDENTIAL_RATE_LIMIT_WINDOW_S } from '../../lib/policy'
import { parseTotpUri, totpCode } from '../support/totp'
import { expectPath, ownClientAddress, PASSWORD, signIn, signUp, uniqueEmail, visit } from './support'

test.beforeEach(ownClientAddress)

/** WCAG 1.4.10: at 320 CSS pixels nothing may need scrolling sideways. */
async function expectNoHorizontalScroll(page: Page) {
  await page.setViewportSize({ width: 320, height: 640 })
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }))
  expect(widths.scroll).toBeLessThanOrEqual(widths.view)
}

test('sign-in checks its fields on the page, each message tied to its field', async ({ page }) => {
  await visit(page, '/sign-in')
  const email = page.getByLabel('Email')
  const password = page.getByLabel('Password', { exact: true })
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  await expect(email).toHaveAccessibleDescription('Enter your email address.')
  await expect(email).toBeFocused()
  await expect(password).toHaveAccessibleDescription('Enter your password.')

  await email.fill('ada.example.com')
  await password.fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(email).toHaveAccessibleDescription('Enter an email address like name@example.com.')
  await expect(password).not.toHaveAttribute('aria-invalid')
  await expectPath(page, '/sign-in')
})

test('the password toggle shows and hides the password, without submitting the form', async ({ page }) => {
  await visit(page, '/sign-in')
  const password = page.getByLabel('Password', { exact: true })
  await password.fill(PASSWORD)
  const toggle = page.getByRole('button', { name: 'Show password' })
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await toggle.click()
  await expect(password).toHaveAttribute('type', 'text')
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await expect(toggle).toBeFocused()
  await expect(password).toHaveValue(PASSWORD)
  // Nothing was sent: no field errors, no refusal.
  await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await toggle.press('Space')
  await expect(password).toHaveAttribute('type', 'password')
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
})

test('after too many sign-ins from one address, the refusal names the real wait', async ({ page, baseURL }) => {
  await visit(page, '/sign-in')
  for (let attempt = 0; attempt < CREDENTIAL_RATE_LIMIT_MAX_REQUESTS; attempt++) {
    await page.request.post('/api/auth/sign-in/email', {
      data: { email: uniqueEmail('limited'), password: PASSWORD },
      headers: { origin: baseURL! },
    })
  }
  await page.getByLabel('Email').fill(uniqueEmail('limited'))
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText(/Too many attempts\. Try again in \d+ seconds\./)
  const seconds = Number((await alert.innerText()).match(/in (\d+) seconds/)![1])
  expect(seconds).toBeGreaterThan(0)
  expect(seconds).toBeLessThanOrEqual(CREDENTIAL_RATE_LIMIT_WINDOW_S)
})

test('a client-side navigation moves focus to the new page’s heading and announces it; the first load does not', async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail('focus') })
  await visit(page, '/dashboard')
  const announcer = page.locator('[aria-live="polite"]')
  await expect(announcer).toHaveText('')
  await expect(page.locator('body')).toBeFocused()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click()
  await expectPath(page, '/settings/security')
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeFocused()
  await expect(announcer).toHaveText('Security · Gatehouse')
})

test('the code field is one labelled textbox; a wrong code is its description; nothing scrolls sideways at 320 px', async ({
  page,
  baseURL,
}) => {
  const { email } = await signUp(page, { email: uniqueEmail('code-field') })
  await visit(page, '/settings/security')
  const section = page.getByRole('region', { name: 'Two-factor authentication' })
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await section.getByLabel('Your password').fill(PASSWORD)
  await section.getByRole('button', { name: 'Continue' }).click()
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  const addOnPhone = section.getByRole('link', { name: 'Add to an authenticator app on this device' })
  await expect(addOnPhone).toBeHidden()
  await expectNoHorizontalScroll(page)
  // On a phone-sized screen the account can be handed to the authenticator app on the same device.
  await expect(addOnPhone).toBeVisible()
  await expect(addOnPhone).toHaveAttribute('href', /^otpauth:\/\/totp\//)
  const { secret } = parseTotpUri((await addOnPhone.getAttribute('href'))!)
  await page.getByRole('textbox', { name: 'Code from your app' }).fill(await totpCode(secret))
  await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click()
  await expect(section.getByText('Status: On')).toBeVisible()
  expect((await page.request.post('/api/auth/sign-out', { data: {}, headers: { origin: baseURL! } })).status()).toBe(
    200,
  )

  await page.setViewportSize({ width: 1280, height: 720 })
  await signIn(page, email)
  await expectPath(page, '/two-factor')
  const code = page.getByRole('textbox', { name: 'Authentication code' })
  await expect(code).toHaveCount(1)
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code')
  await expect(code).toHaveAttribute('inputmode', 'numeric')
  await expectNoHorizontalScroll(page)

  await code.fill(String((Number(await totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0'))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(code).toHaveAttribute('aria-invalid', 'true')
  await expect(code).toHaveAccessibleDescription(
    'That code is not right. Enter the code your authenticator app shows now.',
  )
  await expect(code).toBeFocused()
})
