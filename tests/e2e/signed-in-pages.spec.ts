/**
 * What a signed-in visit costs: which files the first load fetches, and what a client navigation asks the Start
 * server. Watched from the browser, request by request.
 */
import { expect, test, type Page, type Request } from '@playwright/test'
import { expectPath, signOut, signUp, visit } from './support'

/** Requests to this app's origin made while `page` is open, from now on. */
function recordAppRequests(page: Page, baseURL: string) {
  const requests: Request[] = []
  const scriptTexts: Promise<string>[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).origin === new URL(baseURL).origin) requests.push(request)
  })
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scriptTexts.push(response.text().catch(() => ''))
  })
  return {
    /**
     * Anything the Start server has to answer: everything but the static files under /assets/, and the favicon,
     * which Chromium reads again after every client navigation from its HTTP cache (a day: vite.config.ts).
     */
    toServer: () =>
      requests
        .map((request) => new URL(request.url()).pathname)
        .filter((pathname) => !pathname.startsWith('/assets/') && pathname !== '/favicon.svg'),
    scripts: () =>
      requests
        .filter((request) => request.resourceType() === 'script')
        .map((request) => new URL(request.url()).pathname),
    /** Whether a script the page loaded contains `marker` (chunks are named by their hash only). */
    loadedCodeWith: async (marker: string) => (await Promise.all(scriptTexts)).some((text) => text.includes(marker)),
    clear: () => void requests.splice(0),
  }
}

test('moving between signed-in pages asks the Start server nothing and never shows a signed-out page', async ({
  page,
  baseURL,
}) => {
  const { name, email } = await signUp(page, { name: 'Navigating Nora' })
  await visit(page, '/dashboard')
  const requests = recordAppRequests(page, baseURL!)
  const signedOutLinks = page.getByRole('link', { name: 'Sign in' })

  for (let round = 0; round < 2; round++) {
    await page.getByRole('link', { name: 'Security' }).click()
    await expectPath(page, '/settings/security')
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible()
    await expect(signedOutLinks).toHaveCount(0)

    await page.getByRole('link', { name: 'Dashboard' }).click()
    await expectPath(page, '/dashboard')
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
    await expect(page.getByRole('main').getByText(email).first()).toBeVisible()
    await expect(signedOutLinks).toHaveCount(0)
  }
  // Let anything a navigation started (a preload on hover, a late fetch) show up before counting.
  await page.waitForLoadState('networkidle')
  expect(requests.toServer()).toEqual([])
})

test('a signed-in first load announces every script it runs in the HTML and leaves Better Auth for the first action', async ({
  page,
  baseURL,
}) => {
  await signUp(page)
  const requests = recordAppRequests(page, baseURL!)
  const response = await visit(page, '/dashboard')
  await page.waitForLoadState('networkidle')

  // Every script is fetched alongside the entry chunk, none discovered later by a dynamic import.
  const html = await response!.text()
  const announced = new Set(
    [...html.matchAll(/<(?:link[^>]*rel="modulepreload"[^>]*href|script[^>]*src)="([^"]+)"/g)].map((match) => match[1]),
  )
  const scripts = requests.scripts()
  expect(scripts.length).toBeGreaterThan(0)
  expect(scripts.filter((pathname) => !announced.has(pathname))).toEqual([])

  // Better Auth's client is not part of showing the page; it comes when a person moves to use it.
  // Its loader is a small chunk that also carries shared form code; the client itself must wait.
  // `$sessionSignal` is the session atom of Better Auth's client.
  const authClientLoaded = () => requests.loadedCodeWith('$sessionSignal')
  expect(await authClientLoaded()).toBe(false)
  await page.getByRole('button', { name: 'Sign out' }).focus()
  await expect.poll(authClientLoaded).toBe(true)
})

test('the sign-in page does not load the email verification code until it is needed', async ({ page, baseURL }) => {
  const requests = recordAppRequests(page, baseURL!)
  await visit(page, '/sign-in')
  // Every script of the first load has arrived once the page has hydrated and the load event has fired.
  await page.waitForLoadState('load')
  // The form that resends the verification email (its countdown), and the dashboard's banner it is styled after.
  expect(await requests.loadedCodeWith('Resend in ')).toBe(false)
  expect(await requests.loadedCodeWith('That verification link has expired')).toBe(false)
})

test('signing out closes the Convex connection the signed-in pages used', async ({ page }) => {
  await signUp(page)
  // The dashboard that signing in navigated to has rendered, so its document opens no socket during the visit below.
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible()
  const sockets: { closed: boolean }[] = []
  page.on('websocket', (socket) => {
    const seen = { closed: false }
    sockets.push(seen)
    socket.on('close', () => (seen.closed = true))
  })
  // A fresh document: the connection is opened by hydration, not by a loader.
  await visit(page, '/dashboard')
  await expect.poll(() => sockets.length).toBeGreaterThan(0)
  await signOut(page)
  await expect.poll(() => sockets.every((socket) => socket.closed)).toBe(true)
})
