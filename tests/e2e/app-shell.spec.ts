/**
 * The frame around every page: the header (where you are, signing out, the theme), the loading bar, and a layout
 * that fits a 320 px screen (WCAG 1.4.10: no scrolling sideways).
 */
import { expect, test, type Browser, type Page } from '@playwright/test'
import { expectPath, nextClientAddress, ownClientAddress, signIn, signUp, visit } from './support'

test.beforeEach(ownClientAddress)

const NARROW = { width: 320, height: 640 }

/** True when the page is wider than the window, i.e. it scrolls sideways. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!
    return root.scrollWidth > root.clientWidth
  })

const header = (page: Page) => page.getByRole('banner')
const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor)

test('at 320 px no page scrolls sideways, and signed in the header marks the page and offers sign-out', async ({
  page,
}) => {
  await page.setViewportSize(NARROW)
  for (const path of [
    '/',
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/reset-password?token=expired',
    '/verify-email?error=invalid_token',
  ]) {
    await visit(page, path)
    expect(await scrollsSideways(page), path).toBe(false)
  }

  await signUp(page, { name: 'Narrow Nadia' })
  for (const [path, linkName, heading] of [
    ['/dashboard', 'Dashboard', /Welcome/],
    ['/settings/security', 'Security', /Security/],
  ] as const) {
    await visit(page, path)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading)
    expect(await scrollsSideways(page), path).toBe(false)
    const nav = page.getByRole('navigation', { name: 'Main' })
    await expect(nav.getByRole('link', { name: linkName })).toHaveAttribute('aria-current', 'page')
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1)
    // Only its icon shows at this width; the name is still there for screen readers.
    await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible()
  }

  // A client navigation that waits for its code shows the loading bar until the page is there.
  let releaseChunk = () => {}
  const chunkHeld = new Promise<void>((resolve) => (releaseChunk = resolve))
  // Every script from here on is held: the dashboard's chunk is one of them (chunks are named by their hash only).
  await page.route(/\/assets\/[^/]*\.js$/, async (route) => {
    await chunkHeld
    await route.continue()
  })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click()
  await expect(page.getByRole('progressbar', { name: 'Loading page' })).toBeVisible()
  releaseChunk()
  await expectPath(page, '/dashboard')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome/)
  await expect(page.getByRole('progressbar', { name: 'Loading page' })).toHaveCount(0)

  await header(page).getByRole('button', { name: 'Sign out', exact: true }).click()
  await expectPath(page, '/')
  await expect(header(page).getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0)
  await expect(header(page).getByRole('link', { name: 'Sign in' })).toBeVisible()
})

test('the theme follows the system until one is chosen, and the choice is in the server-rendered page', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await visit(page, '/')
  const light = await bodyBackground(page)
  await page.emulateMedia({ colorScheme: 'dark' })
  const systemDark = await bodyBackground(page)
  expect(systemDark).not.toBe(light)

  // The system is light again; choosing dark must win over it.
  await page.emulateMedia({ colorScheme: 'light' })
  const toggle = header(page).getByRole('button', { name: /^Theme:/ })
  await expect(toggle).toHaveAccessibleName(/^Theme: System/)
  await toggle.click()
  await expect(toggle).toHaveAccessibleName(/^Theme: Light/)
  await toggle.click()
  await expect(toggle).toHaveAccessibleName(/^Theme: Dark/)
  await expect(page.locator('html')).toHaveClass('dark')
  expect(await bodyBackground(page)).toBe(systemDark)

  // No flash on the next load: the server's HTML already carries the theme, before any script runs.
  const html = await (await page.request.get('/sign-in')).text()
  expect(html).toMatch(/<html[^>]*class="dark"/)
  await page.reload()
  await page.locator('html[data-hydrated="true"]').waitFor()
  await expect(page.locator('html')).toHaveClass('dark')
  expect(await bodyBackground(page)).toBe(systemDark)
  await expect(toggle).toHaveAccessibleName(/^Theme: Dark/)

  // Back to the system: the cookie goes, and the system's light scheme shows.
  await toggle.click()
  await expect(toggle).toHaveAccessibleName(/^Theme: System/)
  expect(await bodyBackground(page)).toBe(light)
  expect(await (await page.request.get('/sign-in')).text()).not.toMatch(/<html[^>]*class=/)
})

async function secondBrowser(browser: Browser, email: string, address: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } })
  const page = await context.newPage()
  await signIn(page, email)
  await expectPath(page, '/dashboard')
  return page
}

test('two sessions of the same browser can be told apart, and this one is marked', async ({
  page,
  browser,
}, testInfo) => {
  const { email } = await signUp(page)
  const otherAddress = nextClientAddress(testInfo)
  const other = await secondBrowser(browser, email, otherAddress)

  await visit(page, '/settings/security')
  const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
  await expect(sessions).toHaveCount(2)
  for (const session of await sessions.all()) {
    await expect(session).toContainText('Chrome on Linux')
    await expect(session.getByRole('term')).toHaveText(['IP address', 'Last active', 'Signed in'])
  }
  const mine = sessions.filter({ hasText: 'This device' })
  await expect(mine).toHaveCount(1)
  const theirs = sessions.filter({ hasNotText: 'This device' })
  await expect(theirs.getByRole('definition').first()).toHaveText(otherAddress)
  await expect(mine.getByRole('definition').first()).not.toHaveText(otherAddress)
  // The browser that just loaded the page was active moments ago.
  await expect(mine.getByRole('definition').nth(1)).toHaveText(/now|second|minute/)
  await other.context().close()
})
