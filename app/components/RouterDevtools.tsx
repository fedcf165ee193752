import { lazy, Suspense, useSyncExternalStore } from 'react'

// `import.meta.env.DEV` is false in a production build, so the bundler drops the import and the package with it.
const Devtools = import.meta.env.DEV
  ? lazy(() => import('@tanstack/react-router-devtools').then((module) => ({ default: module.TanStackRouterDevtools })))
  : null

const subscribeToNothing = () => () => {}

/** TanStack Router's devtools under `vite dev` only; mounted after hydration, so server and client HTML agree. */
export function RouterDevtools() {
  const mounted = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  )
  if (!Devtools || !mounted) return null
  return (
    <Suspense fallback={null}>
      <Devtools position="bottom-right" />
    </Suspense>
  )
}
