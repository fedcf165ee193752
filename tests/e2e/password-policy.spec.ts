import { expect, test } from '@playwright/test'
import { expectPath, ownClientAddress, PASSWORD, submitSignUp, uniqueEmail, visit } from './support'
import { emailsTo } from './support-email'

test.beforeEach(ownClientAddress)

test('a weak password is refused with the reason, and the strength meter warns before sending', async ({ page }) => {
  const email = uniqueEmail('weak')
  await visit(page, '/sign-up')
  const password = page.getByLabel('Password', { exact: true })
  await password.fill('password1234')
  await expect(page.getByTestId('password-strength')).toContainText(
    /Strength: (Very weak|Weak)\. This is similar to a commonly used password/,
  )

  await submitSignUp(page, { name: 'Weak Walter', email, password: 'password1234' })
  // The server refuses it and says why, on the field itself.
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toHaveAccessibleDescription(/too easy to guess\. This is similar to a commonly used password/)
  await expect(password).toBeFocused()
  await expectPath(page, '/sign-up')
  expect(await emailsTo(email)).toEqual([])

  await password.fill(PASSWORD)
  await expect(page.getByTestId('password-strength')).toContainText(/Strength: (Strong|Very strong)\./)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
})

test('the strength checker is fetched only on a page that sets a password', async ({ page }) => {
  // Chunks are named by their hash only: the checker's is the one with zxcvbn's dictionaries in it.
  const scripts: Promise<string>[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''))
  })
  const checkerLoads = async () => (await Promise.all(scripts)).filter((text) => text.includes('l33tTable')).length
  await visit(page, '/sign-in')
  await page.getByLabel('Password').fill('anything at all here')
  await visit(page, '/sign-up')
  expect(await checkerLoads()).toBe(0)
  await page.getByLabel('Password', { exact: true }).fill('x')
  await expect.poll(checkerLoads).toBe(1)
})
