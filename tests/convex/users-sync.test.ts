import { describe, expect, test } from 'vitest'
import { api } from '../../convex/_generated/api'
import { createAuth } from '../../convex/auth'
import { ErrorCode } from '../../lib/error-codes'
import { AuthClient, countRows, createBackend, PASSWORD, uniqueEmail, type Backend } from './harness'

const appUserByEmail = (t: Backend, email: string) =>
  t.run((ctx) =>
    ctx.db
      .query('users')
      .withIndex('by_email', (q) => q.eq('email', email))
      .unique(),
  )

/** A user created by Better Auth with an email already proven, as a social sign-in would be. */
const createVerifiedAuthUser = (t: Backend, email: string) =>
  t.run(async (ctx) => {
    const context = await createAuth(ctx).$context
    return await context.internalAdapter.createUser({ email, name: 'Verified Person', emailVerified: true })
  })

describe('the app users table follows Better Auth', () => {
  test('sign-up creates exactly one app user linked to the auth user', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    const signUp = await new AuthClient(t).signUp(email, 'Grace Hopper')
    const appUser = await appUserByEmail(t, email)
    expect(appUser).toMatchObject({ authUserId: signUp.json.user.id, name: 'Grace Hopper', email })
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 1 })
  })

  test('a rename through Better Auth reaches the app user, and bad names change nothing', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    const browser = new AuthClient(t)
    await browser.signUp(email, 'Old Name')
    const asUser = await browser.asUser()

    await asUser.mutation(api.users.updateName, { name: '  New Name  ' })
    expect((await appUserByEmail(t, email))?.name).toBe('New Name')
    expect((await asUser.query(api.auth.getCurrentUser, {}))?.name).toBe('New Name')

    await expect(asUser.mutation(api.users.updateName, { name: '   ' })).rejects.toMatchObject({
      data: { code: ErrorCode.InvalidName },
    })
    await expect(asUser.mutation(api.users.updateName, { name: 'x'.repeat(81) })).rejects.toMatchObject({
      data: { code: ErrorCode.InvalidName },
    })
    expect((await appUserByEmail(t, email))?.name).toBe('New Name')

    // Better Auth's own update endpoint, which skips these checks, is not reachable over HTTP (lib/auth-routes.ts).
    expect((await browser.request('/update-user', { json: { name: 'Via HTTP' } })).status).toBe(404)
    expect((await appUserByEmail(t, email))?.name).toBe('New Name')
  })

  test('signed out, a rename is refused with UNAUTHENTICATED', async () => {
    const t = createBackend()
    await expect(t.mutation(api.users.updateName, { name: 'Nobody' })).rejects.toMatchObject({
      data: { code: ErrorCode.Unauthenticated },
    })
  })

  test('deleting the Better Auth user deletes the app user', async () => {
    const t = createBackend()
    const email = uniqueEmail()
    const browser = new AuthClient(t)
    await browser.signUp(email)
    const deleted = await browser.request('/delete-user', { json: { password: PASSWORD } })
    expect(deleted.status).toBe(200)
    expect(await appUserByEmail(t, email)).toBeNull()
    expect(await countRows(t)).toEqual({ appUsers: 0, authUsers: 0 })
  })

  test('migration: a verified email links the existing app user instead of duplicating it', async () => {
    const t = createBackend()
    const email = uniqueEmail('legacy')
    const legacyId = await t.run((ctx) => ctx.db.insert('users', { name: 'Legacy Name', email }))
    const authUser = await createVerifiedAuthUser(t, email)
    const linked = await appUserByEmail(t, email)
    expect(linked?._id).toBe(legacyId)
    expect(linked?.authUserId).toBe(authUser.id)
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 1 })
  })

  test('migration: an unverified sign-up for a taken email is refused and rolls back entirely', async () => {
    const t = createBackend()
    const email = uniqueEmail('legacy')
    await t.run((ctx) => ctx.db.insert('users', { name: 'Legacy Name', email }))

    // The trigger throws inside Better Auth's create: no auth user may survive it.
    const signUp = await new AuthClient(t).signUp(email, 'Impostor')
    expect(signUp.status).toBeGreaterThanOrEqual(400)
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 0 })
    const legacy = await appUserByEmail(t, email)
    expect(legacy?.name).toBe('Legacy Name')
    expect(legacy?.authUserId).toBeUndefined()

    const refusal = t.run(async (ctx) => {
      const context = await createAuth(ctx).$context
      return await context.internalAdapter.createUser({ email, name: 'Impostor', emailVerified: false })
    })
    await expect(refusal).rejects.toMatchObject({ data: { code: ErrorCode.EmailLinkRequiresVerification } })
    expect(await countRows(t)).toEqual({ appUsers: 1, authUsers: 0 })
  })
})
