import { lazy, Suspense, useEffect, useState } from 'react'

// `import.meta.env.DEV` is false in a production build, so the bundler drops the import and the package with it.
const Devtools = import.meta.env.DEV
  ? lazy(() => import('@tanstack/react-router-devtools').then((module) => ({ default: module.TanStackRouterDevtools })))
  : null

/** TanStack Router's devtools under `vite dev` only; mounted after hydration, so server and client HTML agree. */
export function RouterDevtools() {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  if (!Devtools || !mounted) return null
  return (
    <Suspense fallback={null}>
      <Devtools position="bottom-right" />
    </Suspense>
  )
}
