/** Quick feedback before the round trip; Better Auth checks the address again. */
export function emailProblem(email: string): string | undefined {
  if (email === '') return 'Enter your email address.'
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return 'Enter an email address like name@example.com.'
  return undefined
}
