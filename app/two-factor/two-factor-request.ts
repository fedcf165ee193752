import { readRetryAfterS } from '@lib/retry-after'
import { authClientOnDemand } from '~/auth/auth-client-loader'

type AuthClient = Awaited<ReturnType<typeof authClientOnDemand.load>>

/** What a failed two-factor request tells the UI; twoFactorErrorMessage turns it into words. */
export interface TwoFactorFailure {
  status: number
  code?: string
  /** Seconds until another try can work, when the answer was 429. */
  retryAfterS?: number
}

export type TwoFactorResult<T> = { ok: true; data: T } | { ok: false; failure: TwoFactorFailure }

/** The request never got an answer: this app's server could not be reached. */
export const NETWORK_FAILURE = 'NETWORK_FAILURE'

/** The per-request options of Better Auth's client that twoFactorRequest passes on. */
interface RequestOptions {
  onError: (context: { response: Response }) => void
}

interface ClientAnswer<T> {
  data: T | null
  error: { status: number; code?: string } | null
}

/**
 * One Better Auth request, with the client loaded on demand. Better Auth's client keeps an error's JSON body but not
 * its headers, and the rate limiter's wait is only in a header (X-Retry-After): the onError hook catches it.
 */
export async function twoFactorRequest<T>(
  send: (authClient: AuthClient, fetchOptions: RequestOptions) => Promise<ClientAnswer<T>>,
): Promise<TwoFactorResult<T>> {
  let headerRetryAfterS: number | undefined
  const fetchOptions: RequestOptions = {
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
        code: error?.code,
        retryAfterS: typeof bodyRetryAfterS === 'number' && bodyRetryAfterS > 0 ? bodyRetryAfterS : headerRetryAfterS,
      },
    }
  }
  return { ok: true, data }
}

/**
 * Turning two-factor on or off makes Better Auth replace the session, but the `convex_jwt` cookie that server
 * rendering and server functions use still names the old one, so the next loader would find nobody signed in.
 * Fetching a token stores a fresh cookie. Never throws: a failure is left to the next request to notice.
 */
export async function refreshConvexTokenCookie() {
  try {
    const authClient = await authClientOnDemand.load()
    await authClient.convex.token({ fetchOptions: { throw: false } })
  } catch {
    // As documented: the next request finds out.
  }
}
