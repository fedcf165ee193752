import { useState } from 'react'

/** What a <FormAlert> shows; `shown` counts the times it was shown, so the same words shown again take focus again. */
export interface FormAlertState {
  message: string | null
  shown: number
}

/**
 * State for a <FormAlert>: showing a message also moves focus to it, so keyboard and screen-reader users
 * land on the problem instead of staying on the button they pressed.
 */
export function useFormAlert() {
  const [state, setState] = useState<FormAlertState>({ message: null, shown: 0 })
  return {
    ...state,
    show(next: string) {
      setState((current) => ({ message: next, shown: current.shown + 1 }))
    },
    clear() {
      setState((current) => ({ message: null, shown: current.shown }))
    },
  }
}
