import { describe, expect, test } from 'vitest'
import { ErrorCode } from '../../lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../lib/policy'
import { AuthClient, countRows, createBackend, PASSWORD, stubDeploymentEnv, uniqueEmail } from './harness'

describe('bad input gets a clear 4xx and writes nothing', () => {
  test.each([
    ['malformed JSON', { body: '{"email": "a@example.com", ' }],
    ['a missing password', { json: { email: 'someone@example.com', name: 'Someone' } }],
    ['a missing email', { json: { name: 'Someone', password: PASSWORD } }],
    ['an invalid email', { json: { email: 'not-an-email', name: 'Someone', password: PASSWORD } }],
    [
      'an over-long email',
      { json: { email: `${'a'.repeat(EMAIL_MAX_LENGTH)}@example.com`, name: 'Someone', password: PASSWORD } },
    ],
    [
      'a password below the minimum',
      { json: { email: 'short@example.com', name: 'Someone', password: 'x'.repeat(PASSWORD_MIN_LENGTH - 1) } },
    ],
  ])('sign-up with %s', async (_label, init) => {
    const t = createBackend()
    const response = await new AuthClient(t).request('/sign-up/email', init)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(typeof response.json?.message).toBe('string')
    expect(response.json.message.length).toBeGreaterThan(0)
    expect(await countRows(t)).toEqual({ appUsers: 0, authUsers: 0 })
  })

  test('an over-long email or name is refused with its own code', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const longEmail = await browser.signUp(`${'a'.repeat(EMAIL_MAX_LENGTH)}@example.com`)
    expect(longEmail.json.code).toBe(ErrorCode.EmailTooLong)
    const longName = await browser.signUp(uniqueEmail(), 'n'.repeat(DISPLAY_NAME_MAX_LENGTH + 1))
    expect(longName.status).toBe(400)
    expect(longName.json.code).toBe(ErrorCode.InvalidName)
    expect(await countRows(t)).toEqual({ appUsers: 0, authUsers: 0 })
  })

  test('a password below the minimum says what the minimum is about', async () => {
    const t = createBackend()
    const response = await new AuthClient(t).signUp(uniqueEmail(), 'Someone', 'short')
    expect(response.status).toBe(400)
    expect(response.json.code).toBe('PASSWORD_TOO_SHORT')
  })
})

describe('deployment configuration', () => {
  test.each([
    ['BETTER_AUTH_SECRET', undefined, /BETTER_AUTH_SECRET is not set/],
    ['BETTER_AUTH_SECRET', 'too-short', /BETTER_AUTH_SECRET is too weak/],
    ['AUTH_PROXY_SECRET', undefined, /AUTH_PROXY_SECRET is not set/],
    ['SITE_URL', undefined, /SITE_URL is not set/],
    ['SITE_URL', 'not a url', /SITE_URL is not a valid URL/],
  ])('%s=%s fails naming the variable and creates nothing', async (name, value, message) => {
    const t = createBackend()
    stubDeploymentEnv({ [name]: value })
    await expect(new AuthClient(t).signUp(uniqueEmail())).rejects.toThrow(message)
    stubDeploymentEnv()
    expect(await countRows(t)).toEqual({ appUsers: 0, authUsers: 0 })
  })
})
