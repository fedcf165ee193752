import { useEffect, useId, useRef, useState, type ComponentProps, type ReactNode, type Ref } from 'react'
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

/** A password field gets a show/hide toggle (PasswordInput); every other type is a plain input. */
export function TextField({ label, hint, error, ...inputProps }: Omit<ComponentProps<'input'>, 'id'> & FieldProps) {
  const { id, inputAria, description } = useFieldDescription({ hint, error })
  const input = { id, ...inputAria, className: inputClass, ...inputProps }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {inputProps.type === 'password' ? <PasswordInput {...input} /> : <input {...input} />}
      {description}
    </div>
  )
}

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-600 aria-invalid:border-red-600 disabled:bg-slate-100'

/**
 * The toggle keeps one name and says its state with aria-pressed ("Show password, toggle button, pressed"); the
 * name is text, not aria-label, so it is not one of the field's labels. Submitting hides the password again, so it
 * is not left on screen or handed to a password manager as plain text.
 */
function PasswordInput({ className, ...inputProps }: ComponentProps<'input'> & { id: string }) {
  const [visible, setVisible] = useState(false)
  const { id } = inputProps
  useEffect(() => {
    const form = (document.getElementById(id) as HTMLInputElement | null)?.form
    const hide = () => setVisible(false)
    form?.addEventListener('submit', hide)
    return () => form?.removeEventListener('submit', hide)
  }, [id])
  return (
    <div className="relative">
      <input {...inputProps} type={visible ? 'text' : 'password'} className={`${className ?? ''} pr-11`} />
      <button
        type="button"
        aria-pressed={visible}
        aria-controls={id}
        onClick={() => setVisible((shown) => !shown)}
        className="absolute inset-y-0 right-0 flex w-11 items-center justify-center rounded-r-md text-slate-600 hover:text-slate-900"
      >
        <span className="sr-only">Show password</span>
        <EyeIcon crossed={visible} />
      </button>
    </div>
  )
}

/**
 * Lucide's eye and eye-off, drawn here: lucide-react's icon factory would add 1.5 kB to every page's first load for
 * a field most pages do not have.
 */
function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-5"
    >
      {crossed ? (
        <>
          <path d="M10.733 5.076a10.744 10.744 0 0 1 11.205 6.575 1 1 0 0 1 0 .696 10.747 10.747 0 0 1-1.444 2.49" />
          <path d="M14.084 14.158a3 3 0 0 1-4.242-4.242" />
          <path d="M17.479 17.499a10.75 10.75 0 0 1-15.417-5.151 1 1 0 0 1 0-.696 10.75 10.75 0 0 1 4.446-5.143" />
          <path d="m2 2 20 20" />
        </>
      ) : (
        <>
          <path d="M2.062 12.348a1 1 0 0 1 0-.696 10.75 10.75 0 0 1 19.876 0 1 1 0 0 1 0 .696 10.75 10.75 0 0 1-19.876 0" />
          <circle cx="12" cy="12" r="3" />
        </>
      )}
    </svg>
  )
}

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

/** A failed action. role="alert" makes screen readers announce it as soon as it appears; focus follows it. */
export function FormAlert({ alert }: { alert: FormAlertState }) {
  const ref = useRef<HTMLDivElement>(null)
  const { message, shown } = alert
  useEffect(() => {
    if (shown > 0) ref.current?.focus()
  }, [shown])
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="empty:hidden">
      {message ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>
      ) : null}
    </div>
  )
}

/** A finished action, announced politely; focusable (through `ref`) for when the control that did it is gone. */
export function FormStatus({ message, ref }: { message: string | null; ref?: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} role="status" className="empty:hidden">
      {message ? (
        <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">{message}</p>
      ) : null}
    </div>
  )
}
