/**
 * The passkey ceremony of the sign-in page, loaded when the visitor first reaches for it: Better Auth's client (with
 * the WebAuthn browser code) and the error words are not part of the page's first load.
 */
import { authRequest } from '~/auth/auth-request'
import { isCancelled, passkeyErrorMessage } from './passkey-error-message'

export type PasskeySignInResult = { ok: true } | { ok: false; cancelled: boolean; message: string }

export async function signInWithPasskey(autoFill: boolean): Promise<PasskeySignInResult> {
  const result = await authRequest((authClient, fetchOptions) => authClient.signIn.passkey({ autoFill }, fetchOptions))
  if (result.ok) return { ok: true }
  return { ok: false, cancelled: isCancelled(result.failure), message: passkeyErrorMessage(result.failure) }
}
