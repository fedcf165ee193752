import type { CurrentUser } from '~/server-fns/users'

/** Placeholder: replaced by the section's real implementation. */
export function SessionsSection(_props: { user: CurrentUser }) {
  return null
}
