import { useEffect, useState } from 'react'
import { onDemand } from '@lib/on-demand'
import type { PasswordStrength } from '@lib/password-strength'
import { PASSWORD_MIN_STRENGTH_SCORE } from '@lib/policy'

// The dictionaries are large: fetched when someone starts typing a new password, never with the page.
const strengthOnDemand = onDemand(() => import('@lib/password-strength'))

const SCORE_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

/** How guessable the password being typed is, by the same check the server enforces. */
export function PasswordStrengthMeter({ password, related = [] }: { password: string; related?: string[] }) {
  const [strength, setStrength] = useState<PasswordStrength | null>(null)
  const relatedKey = related.join('\n')

  useEffect(() => {
    if (!password) return
    let current = true
    strengthOnDemand.load().then(
      ({ checkPasswordStrength }) => {
        if (current) setStrength(checkPasswordStrength(password, relatedKey ? relatedKey.split('\n') : []))
      },
      // No meter then: the server still checks the password.
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [password, relatedKey])

  // An emptied field shows no meter; the strength of what was there before is not its strength.
  if (!strength || !password) return null
  const acceptable = strength.score >= PASSWORD_MIN_STRENGTH_SCORE && strength.acceptable
  return (
    <div className="space-y-1" data-testid="password-strength">
      <meter
        min={0}
        max={4}
        low={PASSWORD_MIN_STRENGTH_SCORE - 0.5}
        high={3.5}
        optimum={4}
        value={strength.score}
        aria-label="Password strength"
        className="h-2 w-full"
      />
      <p className={`text-sm ${acceptable ? 'text-emerald-800' : 'text-amber-800'}`} aria-live="polite">
        {`Strength: ${SCORE_WORDS[strength.score] ?? SCORE_WORDS[0]}.`}
        {strength.reason ? ` ${strength.reason}` : ''}
        {!acceptable && strength.suggestions[0] ? ` ${strength.suggestions[0]}` : ''}
      </p>
    </div>
  )
}
