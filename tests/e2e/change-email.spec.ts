import { expect, test, type Page } from '@playwright/test'
import { linkFromEmail } from './support-email'
import { expectPath, ownClientAddress, signIn, signUp, uniqueEmail, visit } from './support'

test.beforeEach(ownClientAddress)

const emailSection = (page: Page) => page.getByRole('region', { name: 'Email address' })

async function openLink(page: Page, to: string, subject: RegExp) {
  await page.goto(await linkFromEmail(to, subject))
  await page.locator('html[data-hydrated="true"]').waitFor()
}

test('a person changes the sign-in address through a link to the new one, and the old one undoes it', async ({
  page,
}) => {
  const { email } = await signUp(page, { email: uniqueEmail('before') })
  const newEmail = uniqueEmail('after')
  await visit(page, '/settings/security')
  await emailSection(page).getByLabel('New email address').fill(newEmail)
  await emailSection(page).getByRole('button', { name: 'Change email' }).click()
  await expect(emailSection(page).getByRole('status')).toContainText(`We sent a confirmation link to ${newEmail}`)

  await openLink(page, newEmail, /Confirm your new email/)
  await page.getByRole('button', { name: 'Confirm new address' }).click()
  await expect(page.getByRole('status')).toContainText(`Your account now uses ${newEmail}`)
  await visit(page, '/settings/security')
  await expect(emailSection(page)).toContainText(`You sign in with ${newEmail}`)

  await openLink(page, email, /email address was changed/)
  await page.getByRole('button', { name: 'Undo the change' }).click()
  await expect(page.getByRole('status')).toContainText(`Your address is ${email} again`)
  // Every session ended, this browser's too.
  await visit(page, '/dashboard')
  await expectPath(page, '/sign-in')
  await signIn(page, email)
  await expectPath(page, '/dashboard')
})
