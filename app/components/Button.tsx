import type { ComponentProps, MouseEvent, ReactNode } from 'react'

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link' | 'icon'

// The styles are component classes in app/styles/app.css: class strings in JS would ride on every first load.
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'btn btn-primary',
  secondary: 'btn btn-secondary',
  // Ends or deletes something: turning two-factor off, deleting the account, signing other devices out.
  danger: 'btn btn-danger',
  link: 'btn-link',
  // Only an icon: name it with `title` or `aria-label`.
  icon: 'btn-icon',
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
  return <span aria-hidden="true" className="spinner" />
}
