import { useEffect, useState, type ComponentProps } from 'react'
import { TextField, type InputProps } from './form'

/** A password field with a show/hide toggle. Its own module: pages without a password field do not load it. */
export function PasswordField(props: Omit<ComponentProps<typeof TextField>, 'type' | 'renderInput'>) {
  return <TextField {...props} type="password" renderInput={(input) => <PasswordInput {...input} />} />
}

/**
 * The toggle keeps one name and says its state with aria-pressed ("Show password, toggle button, pressed"); the
 * name is text, not aria-label, so it is not one of the field's labels. Submitting hides the password again, so it
 * is not left on screen or handed to a password manager as plain text.
 */
function PasswordInput({ className, ...inputProps }: InputProps) {
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
