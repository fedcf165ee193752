import { useEffect, useId, useRef, useState, type ChangeEvent, type ClipboardEvent, type KeyboardEvent } from 'react'
import { TOTP_DIGITS } from '@lib/policy'

const emptyDigits = () => Array.from({ length: TOTP_DIGITS }, () => '')
const onlyDigits = (text: string) => text.replace(/\D/g, '')

/**
 * A one-time code as one box per digit. Typing moves to the next box, Backspace to the previous one; pasting or
 * autofilling the whole code (autocomplete="one-time-code") into any box fills them all. The fieldset's legend
 * names the group once; each box only says which digit it is. The code is submitted as one hidden field, `name`.
 * To empty the boxes, give the component a new `key`.
 */
export function OneTimeCodeInput({
  label,
  name,
  hint,
  error,
  autoFocus = false,
  disabled = false,
}: {
  label: string
  name: string
  hint?: string
  /** Shown under the boxes, marks them invalid and is announced as soon as it appears. */
  error?: string
  autoFocus?: boolean
  disabled?: boolean
}) {
  const id = useId()
  const [digits, setDigits] = useState(emptyDigits)
  const boxes = useRef<Array<HTMLInputElement | null>>([])
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined

  useEffect(() => {
    if (autoFocus) boxes.current[0]?.focus()
  }, [autoFocus])

  function focusBox(index: number) {
    const box = boxes.current[Math.max(0, Math.min(index, TOTP_DIGITS - 1))]
    box?.focus()
    box?.select()
  }

  /** Writes digits from box `from` on; a whole code always starts in the first box, wherever it was pasted. */
  function fill(from: number, text: string) {
    const incoming = onlyDigits(text)
    if (!incoming) return
    const start = incoming.length >= TOTP_DIGITS ? 0 : from
    const written = incoming.slice(0, TOTP_DIGITS - start)
    setDigits((current) => current.map((digit, index) => written[index - start] ?? digit))
    focusBox(start + written.length)
  }

  function clear(index: number) {
    setDigits((current) => current.map((digit, at) => (at === index ? '' : digit)))
  }

  function handleKeyDown(index: number, event: KeyboardEvent<HTMLInputElement>) {
    if (/^\d$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Handled here rather than in onChange so a box that already holds a digit simply takes the new one.
      event.preventDefault()
      fill(index, event.key)
    } else if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault()
      if (digits[index] || event.key === 'Delete') return clear(index)
      clear(index - 1)
      focusBox(index - 1)
    } else if (event.key === 'ArrowLeft') {
      event.preventDefault()
      focusBox(index - 1)
    } else if (event.key === 'ArrowRight') {
      event.preventDefault()
      focusBox(index + 1)
    }
  }

  // Autofill, and on-screen keyboards that send no key events, land here.
  function handleChange(index: number, event: ChangeEvent<HTMLInputElement>) {
    if (event.target.value === '') return clear(index)
    const value = onlyDigits(event.target.value)
    const previous = digits[index]
    // A box that held a digit now holds it and the new one: keep the new one.
    fill(index, previous && value.length === 2 ? value.replace(previous, '') || previous : value)
  }

  function handlePaste(index: number, event: ClipboardEvent<HTMLInputElement>) {
    event.preventDefault()
    fill(index, event.clipboardData.getData('text'))
  }

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 block text-sm font-medium text-slate-800">{label}</legend>
      <div className="flex gap-2">
        {digits.map((digit, index) => (
          <input
            key={index}
            ref={(element) => {
              boxes.current[index] = element
            }}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="one-time-code"
            maxLength={TOTP_DIGITS}
            aria-label={`Digit ${index + 1} of ${TOTP_DIGITS}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            disabled={disabled}
            value={digit}
            onKeyDown={(event) => handleKeyDown(index, event)}
            onChange={(event) => handleChange(index, event)}
            onPaste={(event) => handlePaste(index, event)}
            onFocus={(event) => event.target.select()}
            className="size-11 rounded-md border border-slate-300 bg-white text-center font-mono text-xl text-slate-900 shadow-sm focus:border-indigo-600 aria-invalid:border-red-600 disabled:bg-slate-100 sm:size-12"
          />
        ))}
      </div>
      <input type="hidden" name={name} value={digits.join('')} />
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
