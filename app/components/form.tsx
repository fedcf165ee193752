import { useId, type ComponentProps, type ReactNode, type Ref } from 'react'
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

export function TextField({ label, hint, error, ...inputProps }: Omit<ComponentProps<'input'>, 'id'> & FieldProps) {
  const { id, inputAria, description } = useFieldDescription({ hint, error })
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        {...inputAria}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-600 aria-invalid:border-red-600 disabled:bg-slate-100"
        {...inputProps}
      />
      {description}
    </div>
  )
}

/** A checkbox with its label to the right, with hint and error laid out like TextField's. */
export function CheckboxField({ label, hint, error, ...inputProps }: Omit<ComponentProps<'input'>, 'id' | 'type'> & FieldProps) {
  const { id, inputAria, description } = useFieldDescription({ hint, error })
  return (
    <div className="flex items-start gap-3">
      <input id={id} type="checkbox" {...inputAria} className="mt-0.5 size-4 shrink-0 accent-indigo-600" {...inputProps} />
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
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

/** A failed action. role="alert" makes screen readers announce it as soon as it appears. */
export function FormAlert({ message, ref }: { message: string | null; ref?: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="empty:hidden">
      {message ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>
      ) : null}
    </div>
  )
}

/** A finished action, announced politely. */
export function FormStatus({ message }: { message: string | null }) {
  return (
    <div role="status" className="empty:hidden">
      {message ? (
        <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">{message}</p>
      ) : null}
    </div>
  )
}
