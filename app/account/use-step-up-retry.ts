import { FRESH_SESSION_MAX_AGE_S } from '@lib/policy'
import { useState } from 'react'

/** Why a password prompt appeared instead of the action (SESSION_NOT_FRESH). */
export const STALE_SIGN_IN = `Your sign-in is more than ${FRESH_SESSION_MAX_AGE_S / 60} minutes old.`

/**
 * An action the server refused because the sign-in is not fresh: the section shows ConfirmPasswordPrompt while
 * `refused` is set, and `retry` runs the same action again once the password is confirmed.
 */
export function useStepUpRetry<Action>(run: (action: Action) => Promise<void>) {
  const [refused, setRefused] = useState<Action | null>(null)
  return {
    refused,
    refuse: (action: Action) => setRefused(action),
    cancel: () => setRefused(null),
    retry() {
      const action = refused
      setRefused(null)
      if (action !== null) void run(action)
    },
  }
}
