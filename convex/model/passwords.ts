import { APIError } from 'better-auth/api'
import type { GenericEndpointContext } from 'better-auth'
import { ErrorCode } from '../../lib/error-codes'

/** Re-authentication for our own endpoints, with Better Auth's hasher and its error shape. */
export async function assertPassword(context: GenericEndpointContext, userId: string, password: string) {
  const accounts = await context.context.internalAdapter.findAccounts(userId)
  const hash = accounts.find((account) => account.providerId === 'credential')?.password
  const valid = hash ? await context.context.password.verify({ hash, password }) : false
  if (!valid) throw new APIError('BAD_REQUEST', { code: ErrorCode.InvalidPassword, message: 'Invalid password' })
}
