import { expect, test } from '@playwright/test'
import { expectPath, ownClientAddress, PASSWORD, signIn, signOut, signUp, uniqueEmail, visit } from './support'
import { HOSTILE_REDIRECTS } from '../support/hostile-redirects'

// Every journey signs in more than once: each is a client of its own, so the per-address limit does not add up.
test.beforeEach(ownClientAddress)

test('a person signs up, stays signed in across a reload, signs out and back in', async ({ page }) => {
  const { name, email } = await signUp(page, { name: 'Grace Hopper', email: uniqueEmail('journey') })
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)

  // The server already renders the signed-in page: the name is in the HTML, before any script runs.
  const response = await page.reload()
  expect(await response!.text()).toContain(name)
  await expect(page.getByRole('main').getByText(email).first()).toBeVisible()

  await page.locator('html[data-hydrated="true"]').waitFor()
  await signOut(page)
  await visit(page, '/dashboard')
  await expect(page).toHaveURL(/\/sign-in\?redirect=%2Fdashboard$/)

  await signIn(page, email, PASSWORD, '/sign-in?redirect=/dashboard')
  await expectPath(page, '/dashboard')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
})

test('a signed-out visit to the dashboard is redirected by the server', async ({ request }) => {
  const response = await request.get('/dashboard', { maxRedirects: 0 })
  expect(response.status()).toBe(307)
  expect(response.headers().location).toBe('/sign-in?redirect=%2Fdashboard')
})

test('a wrong password shows an inline error and keeps the person on the sign-in page', async ({ page }) => {
  const { email } = await signUp(page)
  await signOut(page)
  await signIn(page, email, 'not the right password')
  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible()
  await expect(alert).toContainText(/do not match/i)
  await expectPath(page, '/sign-in')
})

test('a redirect to another site is ignored after sign-in', async ({ page, baseURL }) => {
  const { email } = await signUp(page)
  await signOut(page)
  await signIn(page, email, PASSWORD, '/sign-in?redirect=https://evil.example.com/phish')
  await expectPath(page, '/dashboard')
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin)
})

test('the display name changes through Better Auth and shows everywhere', async ({ page }) => {
  await signUp(page, { name: 'Old Name' })
  const field = page.getByRole('textbox', { name: 'Display name' })
  await field.fill('New Name')
  await page.getByRole('button', { name: /save/i }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('New Name')
  const response = await page.reload()
  expect(await response!.text()).toContain('New Name')
})

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes as the raw bytes a hand-made URL would carry. */
const encodeQueryValue = (value: string) =>
  value
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('')

test('no hostile ?redirect= makes a signed-in page load fail or leave the site', async ({ page, baseURL }) => {
  await signUp(page)
  const origin = new URL(baseURL!).origin
  const failures: string[] = []
  for (const target of HOSTILE_REDIRECTS) {
    for (const path of ['/sign-in', '/sign-up']) {
      const response = await page.request.get(`${path}?redirect=${encodeQueryValue(target)}`, { maxRedirects: 0 })
      const location = response.headers().location
      const landsOn = location ? new URL(location, baseURL).origin : origin
      if (response.status() >= 500 || landsOn !== origin)
        failures.push(`${path} ${JSON.stringify(target)} → ${response.status()} ${location}`)
    }
  }
  expect(failures).toEqual([])
})
