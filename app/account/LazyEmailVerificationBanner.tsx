import { lazy, Suspense, type ComponentProps } from 'react'
import type { EmailVerificationBanner } from './EmailVerificationBanner'

// With verification required (the default) a signed-in person is always verified: the banner's code waits until
// someone actually needs it, instead of riding on every signed-in first load.
const EmailVerificationBannerChunk = lazy(() =>
  import('./EmailVerificationBanner').then((module) => ({ default: module.EmailVerificationBanner })),
)

export function LazyEmailVerificationBanner(props: ComponentProps<typeof EmailVerificationBanner>) {
  return (
    <Suspense fallback={null}>
      <EmailVerificationBannerChunk {...props} />
    </Suspense>
  )
}
