import { OTPInput, REGEXP_ONLY_DIGITS, type SlotProps } from 'input-otp'
import { useId } from 'react'
import { TOTP_DIGITS } from '@lib/policy'

/**
 * A one-time code: one real input (input-otp), so autofill, paste and screen readers see a single field with its
 * label, drawn as one slot per digit. The slots shrink to fit a 320 px screen. To empty it, give it a new `key`.
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
  /** Shown under the slots, marks the input invalid and is read with it. */
  error?: string
  autoFocus?: boolean
  disabled?: boolean
}) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return (
    <div className="space-y-2">
      {/* input-otp injects a <style> unless this id exists; the CSP refuses it, so app.css has its rules. */}
      <span id="input-otp-style" hidden />
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <OTPInput
        id={id}
        name={name}
        maxLength={TOTP_DIGITS}
        pattern={REGEXP_ONLY_DIGITS}
        // A copied "123 456" or "123-456" is still the code.
        pasteTransformer={(text) => text.replace(/\D/g, '')}
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus={autoFocus}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        // The badge space would widen the field past a narrow screen.
        pushPasswordManagerStrategy="none"
        noScriptCSSFallback={null}
        containerClassName="flex w-full max-w-80 gap-1.5 sm:gap-2"
        render={({ slots }) => (
          <div aria-hidden="true" className="flex w-full gap-1.5 sm:gap-2">
            {slots.map((slot, index) => (
              <Slot key={index} {...slot} invalid={Boolean(error)} />
            ))}
          </div>
        )}
      />
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
    </div>
  )
}

function Slot({ char, isActive, hasFakeCaret, invalid }: SlotProps & { invalid: boolean }) {
  const border = isActive ? 'border-indigo-600 ring-2 ring-indigo-600' : invalid ? 'border-red-600' : 'border-slate-300'
  return (
    <div
      className={`relative flex h-12 min-w-0 flex-1 items-center justify-center rounded-md border bg-white font-mono text-xl text-slate-900 shadow-sm ${border}`}
    >
      {char}
      {hasFakeCaret ? <div className="h-6 w-px animate-pulse bg-slate-900" /> : null}
    </div>
  )
}
