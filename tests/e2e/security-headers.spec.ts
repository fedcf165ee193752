/**
 * The Content-Security-Policy is strict (no 'unsafe-inline'): this journey shows the pages still hydrate and
 * work under it, and that the browser refuses nothing they need, including the code input and the QR code.
 */
import { expect, test } from '@playwright/test'
import { PASSWORD, signUp, visit } from './support'

test('signed-out and signed-in pages work under the CSP without a single violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)
    })
  })
  const refusals: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refusals.push(message.text())
  })
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)

  const home = await visit(page, '/')
  expect(home?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(await violations()).toEqual([])

  await signUp(page)
  expect(await violations()).toEqual([])

  await visit(page, '/settings/security')
  const section = page.getByRole('region', { name: 'Two-factor authentication' })
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  await section.getByLabel('Your password').fill(PASSWORD)
  await section.getByRole('button', { name: 'Continue' }).click()
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()

  expect(await violations()).toEqual([])
  expect(refusals).toEqual([])
})
