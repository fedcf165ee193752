/** What the emailed link brings: `?token=…`, or `?error=INVALID_TOKEN` when Better Auth refused the link. */
export interface ResetPasswordSearch {
  token?: string
  error?: string
}

/**
 * Hand-written, like validateRedirectSearch, to keep a validation library off a public page; and in its own module,
 * because the route's validator loads with the router while the form loads with the page.
 */
export function validateResetPasswordSearch(search: Record<string, unknown>): ResetPasswordSearch {
  return {
    ...(typeof search.token === 'string' && search.token ? { token: search.token } : {}),
    ...(typeof search.error === 'string' ? { error: search.error } : {}),
  }
}
