import { describe, expect, test } from 'vitest'
import { api } from '../../convex/_generated/api'
import { ErrorCode } from '../../lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH } from '../../lib/policy'
import { AuthClient, createBackend, uniqueEmail, type Backend } from './harness'

const BAD_NAMES: [string, string][] = [
  ['empty', ''],
  ['spaces only', '     '],
  ['a NUL', '\u0000'],
  ['zero-width spaces', '\u200b\u200b\u200b'],
  ['a byte-order mark and a joiner', '\ufeff\u200d'],
  ['control characters and tabs', '\u0007\t\n\u001b'],
  ['bidi overrides only', '\u202e\u202d'],
  [`${DISPLAY_NAME_MAX_LENGTH + 1} letters`, 'x'.repeat(DISPLAY_NAME_MAX_LENGTH + 1)],
  [`${DISPLAY_NAME_MAX_LENGTH + 1} emoji`, '😀'.repeat(DISPLAY_NAME_MAX_LENGTH + 1)],
]

const NORMALIZED: [string, string, string][] = [
  ['trimmed, inner space runs collapsed', '  Ada   Lovelace  ', 'Ada Lovelace'],
  ['full-width letters become plain (NFKC)', 'Ａｄａ', 'Ada'],
  ['a NUL and a zero-width space removed', 'Ada\u0000 Love\u200blace', 'Ada Lovelace'],
  ['a bidi override removed', '\u202eAda', 'Ada'],
  ['the fi ligature becomes two letters', '\ufb01nn', 'finn'],
]

const BAD_IMAGES = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'data:image/png;base64,AAAA',
  'http://example.com/a.png',
  '//example.com/a.png',
  'https://user:pw@example.com/a.png',
  'not a url',
  `https://example.com/${'a'.repeat(2100)}`,
]

const storedNames = async (t: Backend, email: string) =>
  t.run(
    async (ctx) =>
      (
        await ctx.db
          .query('users')
          .withIndex('by_email', (q) => q.eq('email', email))
          .unique()
      )?.name ?? null,
  )

async function signedIn(t: Backend) {
  const email = uniqueEmail('profile')
  const browser = new AuthClient(t)
  expect((await browser.signUp(email, 'Starting Name')).status).toBe(200)
  return { email, browser, asUser: await browser.asUser() }
}

describe('names', () => {
  test.each(BAD_NAMES)(
    'sign-up refuses a name that is %s, through the proxy and straight at the site URL',
    async (_label, name) => {
      const t = createBackend()
      const email = uniqueEmail('badname')
      for (const client of [new AuthClient(t), new AuthClient(t, null)]) {
        const refused = await client.signUp(email, name)
        expect(refused.status).toBe(400)
        expect(refused.json.code).toBe(ErrorCode.InvalidName)
      }
      expect(await storedNames(t, email)).toBeNull()
    },
  )

  test.each(BAD_NAMES)(
    'users.updateName refuses a name that is %s and keeps the old one; /update-user is closed',
    async (_label, name) => {
      const t = createBackend()
      const { email, browser, asUser } = await signedIn(t)
      // Renaming goes through the Convex function only (lib/auth-routes.ts); Better Auth's own door answers 404.
      expect((await browser.request('/update-user', { json: { name } })).status).toBe(404)
      await expect(asUser.mutation(api.users.updateName, { name })).rejects.toMatchObject({
        data: { code: ErrorCode.InvalidName },
      })
      expect(await storedNames(t, email)).toBe('Starting Name')
      expect((await browser.request('/get-session')).json.user.name).toBe('Starting Name')
    },
  )

  test.each(NORMALIZED)('a name is stored normalized: %s', async (_label, raw, stored) => {
    const t = createBackend()
    const email = uniqueEmail('normal')
    const browser = new AuthClient(t)
    expect((await browser.signUp(email, raw)).status).toBe(200)
    expect(await storedNames(t, email)).toBe(stored)
    expect((await browser.request('/get-session')).json.user.name).toBe(stored)

    const asUser = await browser.asUser()
    await asUser.mutation(api.users.updateName, { name: 'Something Else' })
    expect(await storedNames(t, email)).toBe('Something Else')
    await asUser.mutation(api.users.updateName, { name: raw })
    expect(await storedNames(t, email)).toBe(stored)
  })
})

describe('profile image', () => {
  test.each(BAD_IMAGES)('refuses %j at sign-up, through the proxy and straight at the site URL', async (image) => {
    const t = createBackend()
    const email = uniqueEmail('image')
    for (const client of [new AuthClient(t), new AuthClient(t, null)]) {
      const refused = await client.request('/sign-up/email', {
        json: { email, name: 'Imogen', password: 'correct horse battery', image },
      })
      expect(refused.status).toBe(400)
      expect(refused.json.code).toBe(ErrorCode.InvalidImage)
    }
    expect(await storedNames(t, email)).toBeNull()
  })

  test('an https image is stored at sign-up; /update-user, which could change it later, is closed', async () => {
    const t = createBackend()
    const browser = new AuthClient(t)
    const signUp = await browser.request('/sign-up/email', {
      json: {
        email: uniqueEmail('image'),
        name: 'Imogen',
        password: 'correct horse battery',
        image: 'https://images.example.com/ada.png',
      },
    })
    expect(signUp.status).toBe(200)
    expect((await (await browser.asUser()).query(api.auth.getCurrentUser, {}))?.image).toBe(
      'https://images.example.com/ada.png',
    )
    expect((await browser.request('/update-user', { json: { image: 'javascript:alert(1)' } })).status).toBe(404)
  })
})
