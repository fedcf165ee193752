/** Where a verification link lands (VERIFY_EMAIL_LANDING_PATH): `?verified=true`, plus `&error=CODE` when it failed. */
export interface VerifyEmailSearch {
  verified?: boolean
  error?: string
}

export function validateVerifyEmailSearch(search: Record<string, unknown>): VerifyEmailSearch {
  return {
    ...(search.verified === true || search.verified === 'true' ? { verified: true } : {}),
    ...(typeof search.error === 'string' && search.error ? { error: search.error } : {}),
  }
}
