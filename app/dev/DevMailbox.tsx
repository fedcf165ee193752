import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { Button } from '~/components/Button'

type Message = { id: string; sentAt: number; to: string; subject: string; text: string }

const LINK = /(https?:\/\/\S+)/

/** The emails a local deployment would have sent, with their links clickable: for trying Gatehouse without email. */
export function DevMailbox({ messages }: { messages: Message[] }) {
  const router = useRouter()
  const [refreshing, setRefreshing] = useState(false)

  async function refresh() {
    setRefreshing(true)
    await router.invalidate()
    setRefreshing(false)
  }

  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Dev mailbox</h1>
      <p className="mt-3 text-slate-700">
        This deployment sends no email: what it would have sent lands here. The page exists only while the app and its
        Convex backend run on this machine.
      </p>
      <Button onClick={refresh} pending={refreshing} pendingLabel="Checking…" className="mt-4">
        Check for new mail
      </Button>
      {messages.length === 0 ? (
        <p className="mt-6 text-slate-700">No emails yet.</p>
      ) : (
        <ol className="mt-6 space-y-4" aria-label="Emails, newest first">
          {messages.map((message) => (
            <li key={message.id}>
              <article
                aria-labelledby={`mail-${message.id}`}
                className="rounded-lg border border-slate-200 bg-white p-4"
              >
                <h2 id={`mail-${message.id}`} className="font-semibold">
                  {message.subject}
                </h2>
                <p className="text-sm text-slate-600">
                  To {message.to} ·{' '}
                  <time dateTime={new Date(message.sentAt).toISOString()}>
                    {new Date(message.sentAt).toLocaleString()}
                  </time>
                </p>
                <p className="mt-3 whitespace-pre-wrap break-words text-slate-800">
                  {message.text.split(LINK).map((part, index) =>
                    LINK.test(part) ? (
                      <a key={index} href={part} className="font-semibold text-indigo-700 underline">
                        {part}
                      </a>
                    ) : (
                      part
                    ),
                  )}
                </p>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}
