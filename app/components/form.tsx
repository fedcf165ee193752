import { useEffect, useId, useRef, type ComponentProps, type ReactNode, type Ref } from 'react'
import type { FormAlertState } from './use-form-alert'
import { Button, type ButtonVariant } from './Button'

export { Spinner } from './Button'

type FieldProps = {
  label: string
  /** Shown under the field and read with it, e.g. a password rule. */
  hint?: ReactNode
  /** A problem with this field; marks it invalid and is read with it. */
  error?: string
}

/** The ids and the hint/error paragraphs every field shares, so screen readers read them with the input. */
function useFieldDescription({ hint, error }: Pick<FieldProps, 'hint' | 'error'>) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return {
    id,
    inputAria: {
      'aria-invalid': error ? true : undefined,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    },
    description: (
      <>
        {hint ? (
          <p id={hintId} className="text-sm text-slate-600">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </>
    ),
  }
}

export type InputProps = ComponentProps<'input'> & { id: string }

/** A labelled input; `renderInput` draws something richer around it (PasswordField's show/hide toggle). */
export function TextField({
  label,
  hint,
  error,
  renderInput = (input) => <input {...input} />,
  ...inputProps
}: Omit<ComponentProps<'input'>, 'id'> & FieldProps & { renderInput?: (input: InputProps) => ReactNode }) {
  const { id, inputAria, description } = useFieldDescription({ hint, error })
  const input = { id, ...inputAria, className: inputClass, ...inputProps }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {renderInput(input)}
      {description}
    </div>
  )
}

// app/styles/app.css
const inputClass = 'field-input'

/** A checkbox with its label to the right, with hint and error laid out like TextField's. */
export function CheckboxField({
  label,
  hint,
  error,
  ...inputProps
}: Omit<ComponentProps<'input'>, 'id' | 'type'> & FieldProps) {
  const { id, inputAria, description } = useFieldDescription({ hint, error })
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        {...inputAria}
        className="mt-0.5 size-4 shrink-0 accent-indigo-600"
        {...inputProps}
      />
      <div className="space-y-1">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {description}
      </div>
    </div>
  )
}

/** A form's main action, as wide as the form. */
export function SubmitButton({
  pending,
  pendingLabel,
  variant = 'primary',
  children,
}: {
  pending: boolean
  pendingLabel: string
  variant?: ButtonVariant
  children: ReactNode
}) {
  return (
    <Button type="submit" variant={variant} className="w-full" pending={pending} pendingLabel={pendingLabel}>
      {children}
    </Button>
  )
}

/** A failed action. role="alert" makes screen readers announce it as soon as it appears; focus follows it. */
export function FormAlert({ alert }: { alert: FormAlertState }) {
  const ref = useRef<HTMLDivElement>(null)
  const { message, shown } = alert
  useEffect(() => {
    if (shown > 0) ref.current?.focus()
  }, [shown])
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="empty:hidden">
      {message ? <p className="alert-error">{message}</p> : null}
    </div>
  )
}

/** A finished action, announced politely; focusable (through `ref`) for when the control that did it is gone. */
export function FormStatus({ message, ref }: { message: string | null; ref?: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="status" className="empty:hidden">
      {message ? <p className="alert-status">{message}</p> : null}
    </div>
  )
}
