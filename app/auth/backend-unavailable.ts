import { markServiceUnavailableOnServer } from '~/server/render.functions'

export const BACKEND_UNAVAILABLE = 'BACKEND_UNAVAILABLE'

/**
 * What signed-in routes throw when Convex cannot be reached. A plain object rather than an Error on purpose:
 * the router sends a server-rendered error to the browser, and for an Error it keeps only the message, so the
 * error page could not recognise an outage after hydration. (That is also why no stack trace reaches the page.)
 */
export interface BackendUnavailable {
  code: typeof BACKEND_UNAVAILABLE
  message: string
}

/** Stops the route with the outage page; a server render answers HTTP 503 so nothing caches it as a success. */
export function throwBackendUnavailable(): never {
  markServiceUnavailableOnServer()
  const outage: BackendUnavailable = {
    code: BACKEND_UNAVAILABLE,
    message: 'Gatehouse cannot reach its account service right now.',
  }
  throw outage
}

export function isBackendUnavailable(error: unknown): error is BackendUnavailable {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === BACKEND_UNAVAILABLE
}
