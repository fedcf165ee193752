import { useRouterState } from '@tanstack/react-router'

/**
 * A thin bar under the header while a client navigation waits for its data or code. It fades in only after a
 * moment (app/styles/app.css), so fast navigations never flash it.
 */
export function RouteLoadingBar() {
  const loading = useRouterState({ select: (state) => state.status === 'pending' })
  if (!loading) return null
  return (
    <div
      role="progressbar"
      aria-label="Loading page"
      className="route-loading absolute inset-x-0 bottom-0 h-0.5 overflow-hidden"
    >
      <div className="route-loading-bar" />
    </div>
  )
}
