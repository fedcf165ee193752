/**
 * How guessable a password is, by zxcvbn-ts with its offline dictionaries (common and breached passwords,
 * English words and names). The same check runs on the server, which enforces it, and in the strength meter,
 * which loads this module only on pages that set a password: the dictionaries are large.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import { PASSWORD_MIN_LENGTH, PASSWORD_MIN_STRENGTH_SCORE } from './policy'

export type PasswordStrength = {
  /** 0 (guessed at once) to 4 (very hard); PASSWORD_MIN_STRENGTH_SCORE and up is accepted. */
  score: number
  acceptable: boolean
  /** Why it is weak, when it is, in words for the person choosing it. */
  reason: string | null
  suggestions: string[]
}

let factory: ZxcvbnFactory | undefined

// Building the ranked dictionaries takes a moment, so once per process (or page).
function zxcvbn() {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  })
  return factory
}

/** `related` are words the account itself gives away (name, email), which a guesser tries first. */
export function checkPasswordStrength(password: string, related: string[] = []): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { score: 0, acceptable: false, reason: `Use at least ${PASSWORD_MIN_LENGTH} characters.`, suggestions: [] }
  }
  const inputs = related
    .flatMap((value) => [value, ...value.split(/[^\p{L}\p{N}]+/u)])
    .filter((word) => word.length >= 3)
  const result = zxcvbn().check(password, inputs)
  const acceptable = result.score >= PASSWORD_MIN_STRENGTH_SCORE
  const reason = acceptable ? null : result.feedback.warning || 'This password would be easy to guess.'
  return { score: result.score, acceptable, reason, suggestions: result.feedback.suggestions }
}
