import { REAUTHENTICATE_PATH } from '@lib/auth-routes'
import { authRequest } from '~/auth/auth-request'
import { PasswordConfirmForm } from '~/components/PasswordConfirmForm'
import { errorMessage } from '~/components/error-messages'

/**
 * Seeing and ending sessions needs a recent sign-in (FRESH_SESSION_MAX_AGE_S). When the session is older, this
 * asks for the password once more instead of failing; `onConfirmed` runs once the session is fresh again.
 */
export function ConfirmPasswordPrompt({
  description,
  onConfirmed,
  onCancel,
  autoFocus = false,
}: {
  description: string
  onConfirmed: () => void
  onCancel?: () => void
  /** Only when the prompt answers something the person just did; appearing on its own it leaves focus alone. */
  autoFocus?: boolean
}) {
  async function reauthenticate(password: string): Promise<string | null> {
    const result = await authRequest((authClient, fetchOptions) =>
      authClient.$fetch<{ status: boolean }>(REAUTHENTICATE_PATH, {
        method: 'POST',
        body: { password },
        ...fetchOptions,
      }),
    )
    if (!result.ok) return errorMessage(result.failure)
    onConfirmed()
    return null
  }
  return (
    <PasswordConfirmForm
      description={description}
      submitLabel="Confirm password"
      pendingLabel="Checking…"
      onConfirm={reauthenticate}
      onCancel={onCancel}
      autoFocus={autoFocus}
    />
  )
}
