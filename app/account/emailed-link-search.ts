/** The token an emailed link brings to /email-change (`verify` or `undo`) or /recover (`token` or `cancel`). */
export type EmailedLinkSearch = Partial<Record<'verify' | 'undo' | 'token' | 'cancel', string>>

/** Hand-written, like validateResetPasswordSearch, to keep a validation library off public pages. */
export function validateEmailedLinkSearch(search: Record<string, unknown>): EmailedLinkSearch {
  const result: EmailedLinkSearch = {}
  for (const key of ['verify', 'undo', 'token', 'cancel'] as const) {
    const value = search[key]
    if (typeof value === 'string' && value) result[key] = value
  }
  return result
}
