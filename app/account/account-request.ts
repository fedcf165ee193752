import { readRetryAfterS } from '@lib/retry-after'
import { authClientOnDemand } from '~/auth/auth-client-loader'

export type AuthClient = Awaited<ReturnType<typeof authClientOnDemand.load>>

/** What a failed account request tells the UI; accountErrorMessage turns it into words. */
export interface AccountFailure {
  status: number
  code?: string
  /** Seconds until another try can work, when the answer was 429. */
  retryAfterS?: number
}

export type AccountResult<T> = { ok: true; data: T } | { ok: false; failure: AccountFailure }

/** The request never got an answer: this app's server could not be reached. */
export const NETWORK_FAILURE = 'NETWORK_FAILURE'

interface ClientAnswer<T> {
  data: T | null
  error: { status: number; code?: string } | null
}

/** Per-request options of Better Auth's client: the hook sees the response, headers included. */
export interface AccountFetchOptions {
  onError: (context: { response: Response }) => void
}

/**
 * One Better Auth request, with the client loaded on demand. Its error keeps the JSON body but not the headers,
 * and the rate limiter says how long to wait only in X-Retry-After: the onError hook reads it.
 */
export async function accountRequest<T>(
  send: (authClient: AuthClient, fetchOptions: AccountFetchOptions) => Promise<ClientAnswer<T>>,
): Promise<AccountResult<T>> {
  let retryAfterS: number | undefined
  const fetchOptions: AccountFetchOptions = {
    onError: ({ response }) => {
      retryAfterS = readRetryAfterS(response.headers)
    },
  }
  let answer: ClientAnswer<T>
  try {
    answer = await send(await authClientOnDemand.load(), fetchOptions)
  } catch {
    return { ok: false, failure: { status: 0, code: NETWORK_FAILURE } }
  }
  if (answer.error || answer.data === null) {
    return { ok: false, failure: { status: answer.error?.status ?? 500, code: answer.error?.code, retryAfterS } }
  }
  return { ok: true, data: answer.data }
}
