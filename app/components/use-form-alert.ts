import { useRef, useState } from 'react'

/**
 * State for a <FormAlert>: showing a message also moves focus to it, so keyboard and screen-reader users
 * land on the problem instead of staying on the button they pressed.
 */
export function useFormAlert() {
  const [message, setMessage] = useState<string | null>(null)
  const ref = useRef<HTMLDivElement>(null)
  return {
    message,
    ref,
    show(next: string) {
      setMessage(next)
      requestAnimationFrame(() => ref.current?.focus())
    },
    clear() {
      setMessage(null)
    },
  }
}
