import { VERIFY_EMAIL_LANDING_PATH } from '@lib/auth-routes'
import { VERIFICATION_EMAIL_COOLDOWN_S } from '@lib/policy'
import { describeWait } from '@lib/retry-after'
import { errorMessage } from '~/components/error-messages'
import { authRequest } from '~/auth/auth-request'

export type SendOutcome = { sent: true; waitS: number } | { sent: false; message: string; waitS?: number }

/**
 * Asks for another verification email. The server allows one per VERIFICATION_EMAIL_COOLDOWN_S and client; a 429
 * says in X-Retry-After how long is left. Loaded on the first click, to keep it off the dashboard's first load.
 */
export async function sendVerificationEmail(email: string): Promise<SendOutcome> {
  const result = await authRequest((authClient, fetchOptions) =>
    authClient.sendVerificationEmail({ email, callbackURL: VERIFY_EMAIL_LANDING_PATH, fetchOptions }),
  )
  if (result.ok) return { sent: true, waitS: VERIFICATION_EMAIL_COOLDOWN_S }
  if (result.failure.status !== 429) return { sent: false, message: errorMessage(result.failure) }
  const waitS = result.failure.retryAfterS ?? VERIFICATION_EMAIL_COOLDOWN_S
  return {
    sent: false,
    message: `An email was sent a moment ago. You can ask for another in ${describeWait(waitS)}.`,
    waitS,
  }
}
