import type { CurrentUser } from '~/server-fns/users'

/** Placeholder: replaced by the section's real implementation. */
export function TwoFactorSection(_props: { user: CurrentUser }) {
  return null
}
