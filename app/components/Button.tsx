import type { ComponentProps, MouseEvent, ReactNode } from 'react'

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link' | 'icon'

const BOX =
  'inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold shadow-sm aria-disabled:cursor-wait aria-disabled:opacity-70'
const VARIANTS: Record<ButtonVariant, string> = {
  primary: `${BOX} bg-indigo-600 text-white hover:bg-indigo-500`,
  secondary: `${BOX} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`,
  // Ends or deletes something: turning two-factor off, deleting the account, signing other devices out.
  danger: `${BOX} bg-red-700 text-white hover:bg-red-600`,
  link: 'font-semibold text-indigo-700 underline hover:text-indigo-600 aria-disabled:cursor-wait',
  // Only an icon: name it with `title` or `aria-label`.
  icon: 'inline-flex size-9 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100',
}

/** The classes of a button, for a link that must look like one (the landing page's calls to action). */
export function buttonClass(variant: ButtonVariant, className?: string): string {
  return className ? `${VARIANTS[variant]} ${className}` : VARIANTS[variant]
}

type ButtonProps = Omit<ComponentProps<'button'>, 'disabled'> & {
  variant?: ButtonVariant
  /** A request is running: the button shows a spinner and `pendingLabel`, and ignores clicks. */
  pending?: boolean
  pendingLabel?: ReactNode
}

/**
 * Every button of the app. While pending it stays in the tab order (aria-disabled, not disabled) so focus is not
 * lost mid-request, and a click (or Enter in the form) does nothing.
 */
export function Button({
  variant = 'secondary',
  pending = false,
  pendingLabel,
  type = 'button',
  className,
  onClick,
  children,
  'aria-disabled': ariaDisabled,
  ...props
}: ButtonProps) {
  const ignore = (event: MouseEvent<HTMLButtonElement>) => event.preventDefault()
  return (
    <button
      type={type}
      aria-disabled={pending || ariaDisabled || undefined}
      className={buttonClass(variant, className)}
      onClick={pending ? ignore : onClick}
      {...props}
    >
      {pending ? <Spinner /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  )
}

export function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
    />
  )
}
