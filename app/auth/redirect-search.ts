/**
 * `?redirect=` as the router sees it: kept as the raw string, checked with safeRedirect where it is used.
 * A hand-written validator keeps zod out of the sign-in page's bundle.
 */
export interface RedirectSearch {
  redirect?: string
}

export function validateRedirectSearch(search: Record<string, unknown>): RedirectSearch {
  return typeof search.redirect === 'string' ? { redirect: search.redirect } : {}
}
