import { describe, expect, test } from 'vitest'
import { createAuth } from '../../convex/auth'
import { ALLOWED_AUTH_ENDPOINTS, DENIED_AUTH_ENDPOINTS, isAllowedAuthRequest } from '../../lib/auth-routes'
import { AuthClient, createBackend, stubDeploymentEnv, uniqueEmail } from './harness'

type Endpoint = { path?: string; options: { method: string | string[]; metadata?: { SERVER_ONLY?: boolean } } }

/** Every endpoint Better Auth would route over HTTP with this configuration, with its methods. */
function routedEndpoints() {
  stubDeploymentEnv()
  const auth = createAuth({} as Parameters<typeof createAuth>[0])
  return Object.values(auth.api as unknown as Record<string, Endpoint>)
    .filter((endpoint) => endpoint.path && !endpoint.options.metadata?.SERVER_ONLY)
    .map((endpoint) => ({
      path: endpoint.path!,
      methods: [endpoint.options.method].flat().filter((method) => method !== '*'),
    }))
}

const concrete = (pattern: string) => pattern.replace(/:[a-z]+/gi, 'x1')

describe('only the Better Auth endpoints the app uses are reachable', () => {
  test('every endpoint Better Auth serves is either allowed or explicitly denied', () => {
    const endpoints = routedEndpoints()
    const named = new Set([...Object.keys(ALLOWED_AUTH_ENDPOINTS), ...DENIED_AUTH_ENDPOINTS])
    expect(endpoints.map((e) => e.path).filter((path) => !named.has(path))).toEqual([])
    // No stale names either, and nothing both allowed and denied.
    const served = new Set(endpoints.map((e) => e.path))
    expect([...named].filter((path) => !served.has(path))).toEqual([])
    expect(DENIED_AUTH_ENDPOINTS.filter((path) => path in ALLOWED_AUTH_ENDPOINTS)).toEqual([])
    for (const [path, methods] of Object.entries(ALLOWED_AUTH_ENDPOINTS)) {
      const endpoint = endpoints.find((e) => e.path === path)!
      expect(endpoint.methods, path).toEqual(expect.arrayContaining([...methods]))
    }
  })

  test('a denied endpoint answers 404 at the Convex site URL, signed in or not, whatever the method', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    await browser.signUp(uniqueEmail('routes'))
    for (const path of DENIED_AUTH_ENDPOINTS) {
      for (const method of ['GET', 'POST']) {
        const response = await browser.request(concrete(path), { method, ...(method === 'POST' ? { json: {} } : {}) })
        expect(response.status, `${method} ${path}`).toBe(404)
      }
    }
    // Still signed in: nothing above reached Better Auth (for example /revoke-sessions).
    expect((await browser.request('/get-session')).json.user).toBeTruthy()
  })

  test('an allowed endpoint answers only with its own method, and near-miss spellings are 404', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    expect((await browser.request('/ok')).status).toBe(200)
    expect((await browser.request('/ok', { method: 'POST', json: {} })).status).toBe(404)
    expect((await browser.request('/sign-in/email')).status).toBe(404)
    for (const path of ['/ok/', '//ok', '/OK', '/ok%2F', '/list-sessions/', '/two-factor/../list-sessions']) {
      expect((await browser.request(path)).status, path).toBe(404)
    }
  })

  test('the proxy and the site URL decide with the same list', () => {
    expect(isAllowedAuthRequest('POST', '/api/auth/sign-in/email')).toBe(true)
    expect(isAllowedAuthRequest('GET', '/api/auth/reset-password/abc123')).toBe(true)
    expect(isAllowedAuthRequest('GET', '/api/auth/reset-password/')).toBe(false)
    expect(isAllowedAuthRequest('POST', '/api/auth/revoke-other-sessions')).toBe(false)
    expect(isAllowedAuthRequest('GET', '/api/other/ok')).toBe(false)
    expect(isAllowedAuthRequest('DELETE', '/api/auth/delete-user')).toBe(false)
  })
})
