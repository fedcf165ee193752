import { readRetryAfterS } from '@lib/retry-after'
import { authClientOnDemand, NETWORK_ERROR_MESSAGE, NETWORK_FAILURE } from '~/auth/auth-client-loader'
import { signedInConvex } from '~/auth/signed-in-convex-loader'
import type { Failure, FailureCode } from '~/components/error-messages'

export type AuthClient = Awaited<ReturnType<typeof authClientOnDemand.load>>

export type AuthFailure = Failure

export { NETWORK_ERROR_MESSAGE, NETWORK_FAILURE }

/**
 * `errorMessage`, fetched with the first failure: for sign-in, the two-factor challenge and the header's sign-out,
 * which keep the map of words out of their first load. Offline, the map cannot arrive either: that is what failed.
 */
export async function failureMessage(failure: AuthFailure): Promise<string> {
  try {
    return (await import('~/components/error-messages')).errorMessage(failure)
  } catch {
    return NETWORK_ERROR_MESSAGE
  }
}

/** Every Better Auth call from the UI: ok with the data, or a typed failure for `errorMessage`. */
export type AuthResult<T> = { ok: true; data: T } | { ok: false; failure: AuthFailure }

/** Per-request options of Better Auth's client: the hook sees the response, headers included. */
export interface AuthFetchOptions {
  onError: (context: { response: Response }) => void
}

interface ClientAnswer<T> {
  data: T | null
  error: { status: number; code?: string } | null
}

export function readReason(error: unknown): string | undefined {
  const reason = (error as { reason?: unknown } | null)?.reason
  return typeof reason === 'string' && reason ? reason : undefined
}

/**
 * One Better Auth request, with the client loaded on demand. Better Auth's client keeps an error's JSON body but
 * not its headers, and the rate limiter says how long to wait only in X-Retry-After: the onError hook reads it.
 */
export async function authRequest<T>(
  send: (authClient: AuthClient, fetchOptions: AuthFetchOptions) => Promise<ClientAnswer<T>>,
): Promise<AuthResult<T>> {
  let headerRetryAfterS: number | undefined
  const fetchOptions: AuthFetchOptions = {
    onError: ({ response }) => {
      headerRetryAfterS = readRetryAfterS(response.headers)
    },
  }
  let answer: ClientAnswer<T>
  try {
    answer = await send(await authClientOnDemand.load(), fetchOptions)
  } catch {
    return { ok: false, failure: { status: 0, code: NETWORK_FAILURE } }
  }
  const { data, error } = answer
  if (error || data === null) {
    // The two-factor lockout also says how long it lasts in its body.
    const bodyRetryAfterS = (error as { retryAfterS?: unknown } | null)?.retryAfterS
    return {
      ok: false,
      failure: {
        status: error?.status ?? 500,
        // The codes come from this app's own Better Auth and Convex functions.
        code: error?.code as FailureCode | undefined,
        retryAfterS: typeof bodyRetryAfterS === 'number' && bodyRetryAfterS > 0 ? bodyRetryAfterS : headerRetryAfterS,
        reason: readReason(error),
      },
    }
  }
  return { ok: true, data }
}

/**
 * Better Auth replaced the session (two-factor on or off, a password change), but the Convex client's token and the
 * `convex_jwt` cookie still name the old one: the next loader would find nobody signed in. Never throws; the next
 * request notices a failure.
 */
export async function refreshConvexTokenCookie() {
  try {
    const { renewSignedInConvexToken } = await signedInConvex.load()
    await renewSignedInConvexToken()
  } catch {
    // As documented: the next request finds out.
  }
}
