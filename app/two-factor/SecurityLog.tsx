import { describeUserAgent } from '@lib/user-agent'
import { ShowMoreButton, usePagedQuery } from '~/components/paged-list'
import { api } from '../../convex/_generated/api'
import { securityEventWords } from './security-event-words'

// The events load in the browser only, so the visitor's own locale and time zone are safe to use here.
const eventTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const EVENTS_PAGE_SIZE = 20

/** The signed-in user's security events, newest first, live, a page at a time ("Show more"). */
export function SecurityLog() {
  const events = usePagedQuery(api.securityEvents.list, EVENTS_PAGE_SIZE)
  return (
    <section aria-labelledby="security-log-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="security-log-heading" className="text-lg font-semibold">
        Security activity
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Recent changes to your account’s security. If you do not recognise one, change your password.
      </p>
      <div className="mt-4" aria-busy={events.status === 'loading'}>
        {events.status === 'loading' ? (
          <p className="text-sm text-slate-600">Loading your security activity…</p>
        ) : events.status === 'failed' ? (
          <p className="text-sm text-red-700">
            Your security activity could not be loaded. Reload the page to try again.
          </p>
        ) : events.items.length === 0 ? (
          <p className="text-sm text-slate-600">
            Nothing yet. Changes such as turning on two-factor authentication appear here.
          </p>
        ) : (
          <div className="space-y-4">
            <ol aria-label="Security events" className="divide-y divide-slate-100">
              {events.items.map((event) => (
                <li
                  key={event.id}
                  className="flex flex-col gap-1 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
                >
                  <span className="font-medium text-slate-900">
                    {securityEventWords[event.type]}
                    {event.count > 1 ? ` (${event.count} times)` : null}
                  </span>
                  <span className="text-sm text-slate-600">
                    <time dateTime={new Date(event.at).toISOString()}>{eventTime.format(event.at)}</time>
                    {' · '}
                    {describeUserAgent(event.userAgent)}
                    {event.ipAddress ? ` · ${event.ipAddress}` : null}
                  </span>
                </li>
              ))}
            </ol>
            <ShowMoreButton list={events} label="Show more activity" />
          </div>
        )}
      </div>
    </section>
  )
}
