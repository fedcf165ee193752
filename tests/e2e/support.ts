/** Shared steps of the browser journeys: people fill in forms, so these do too. */
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test'
import { linkFromEmail } from './support-email'

export const PASSWORD = 'correct horse battery staple'

let counter = 0
export const uniqueEmail = (prefix = 'e2e') => `${prefix}-${Date.now()}-${++counter}@example.com`

/** The page is at exactly this path; a regex on the whole URL would also match `?redirect=/dashboard`. */
export async function expectPath(page: Page, pathname: string) {
  await expect(page).toHaveURL((url) => url.pathname === pathname)
}

/** Loads a page and waits until React has hydrated it: a click before that does nothing. */
export async function visit(page: Page, path: string) {
  const response = await page.goto(path)
  await page.locator('html[data-hydrated="true"]').waitFor()
  return response
}

/**
 * Creates an account the way a person does: the form, then the link from the emailed verification (read from the
 * development outbox), then signing in. Ends on the dashboard.
 */
export async function signUp(page: Page, { name = 'Ada Lovelace', email = uniqueEmail(), password = PASSWORD } = {}) {
  await submitSignUp(page, { name, email, password })
  await expect(page.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible()
  await openVerificationLink(page, email)
  await signIn(page, email, password)
  await expectPath(page, '/dashboard')
  return { name, email, password }
}

export async function submitSignUp(
  page: Page,
  { name, email, password }: { name: string; email: string; password: string },
) {
  await visit(page, '/sign-up')
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
}

/** Follows the newest verification link sent to `email` and expects the landing page to confirm it. */
export async function openVerificationLink(page: Page, email: string) {
  await page.goto(await linkFromEmail(email, /Verify your email/))
  await expectPath(page, '/verify-email')
  await expect(page.getByRole('heading', { level: 1, name: 'Your email is verified' })).toBeVisible()
}

export async function signIn(page: Page, email: string, password = PASSWORD, path = '/sign-in') {
  await visit(page, path)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

export async function signOut(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click()
  await expectPath(page, '/')
}

let addressCount = 0
/**
 * For `test.beforeEach`: the journey is a client with an address of its own (playwright.config.ts trusts one proxy
 * hop), so per-address rate limits do not add up across journeys. A failed test restarts the worker and this
 * module with it, so the worker's index keeps the addresses apart.
 */
export async function ownClientAddress({ context }: { context: BrowserContext }, testInfo: TestInfo) {
  await context.setExtraHTTPHeaders({ 'x-forwarded-for': nextClientAddress(testInfo) })
}

export const nextClientAddress = (testInfo: TestInfo) =>
  `198.18.${testInfo.workerIndex % 250}.${(++addressCount % 250) + 1}`
