import { lazy, Suspense, type ComponentProps } from 'react'
import type { ResendVerificationEmail } from './ResendVerificationEmail'

// Fetched when it is first shown: most visits of the pages that offer it (sign-in, the dashboard) never do.
const ResendVerificationEmailChunk = lazy(() =>
  import('./ResendVerificationEmail').then(
    (module) => ({ default: module.ResendVerificationEmail }),
    () => ({ default: NotLoaded }),
  ),
)

function NotLoaded() {
  return (
    <p role="alert" className="text-sm text-red-700">
      Gatehouse could not be reached. Reload the page to try again.
    </p>
  )
}

export function LazyResendVerificationEmail(props: ComponentProps<typeof ResendVerificationEmail>) {
  return (
    <Suspense fallback={<p className="text-sm">{props.sendNow ? 'Sending…' : 'Loading…'}</p>}>
      <ResendVerificationEmailChunk {...props} />
    </Suspense>
  )
}
