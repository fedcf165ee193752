import { useRouter } from '@tanstack/react-router'
import { useEffect, useState } from 'react'

/**
 * After a client-side navigation to another page, moves focus to its <h1> and announces its title, as a full
 * page load would. A page that focused one of its own fields on mount (autoFocus) keeps that focus; the first,
 * server-rendered load is left alone.
 */
export function RouteAnnouncer() {
  const router = useRouter()
  const [announcement, setAnnouncement] = useState('')

  useEffect(
    () =>
      router.subscribe('onRendered', ({ fromLocation, pathChanged }) => {
        if (!fromLocation || !pathChanged) return
        requestAnimationFrame(() => {
          const heading = document.querySelector<HTMLElement>('main h1')
          if (heading && !heading.closest('main')?.contains(document.activeElement)) {
            heading.tabIndex = -1
            heading.focus({ preventScroll: true })
          }
          setAnnouncement(document.title || heading?.textContent || '')
        })
      }),
    [router],
  )

  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only">
      {announcement}
    </div>
  )
}
