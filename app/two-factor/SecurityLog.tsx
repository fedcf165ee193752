/** Placeholder: replaced by the section's real implementation. */
export function SecurityLog() {
  return null
}
