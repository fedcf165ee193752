import { useEffect, useEffectEvent, useRef, useState } from 'react'
import { Button } from '~/components/Button'
import { sendVerificationEmail } from './send-verification-email'

type Outcome = { sent: boolean; message: string } | null

/**
 * "Resend" for the verification email, with the server's cooldown (VERIFICATION_EMAIL_COOLDOWN_S per client)
 * counted down on the button; a 429 says how long is left. `sendNow` sends on mount, for the banner that loads
 * this on its first click.
 */
export function ResendVerificationEmail({ email, sendNow = false }: { email: string; sendNow?: boolean }) {
  const [pending, setPending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [waitUntilMs, setWaitUntilMs] = useState(0)
  const [nowMs, setNowMs] = useState(0)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const secondsLeft = Math.max(0, Math.ceil((waitUntilMs - nowMs) / 1000))

  useEffect(() => {
    if (secondsLeft === 0) return
    const timer = setTimeout(() => setNowMs(Date.now()), 1000)
    return () => clearTimeout(timer)
  }, [nowMs, secondsLeft])

  async function resend() {
    if (pending || secondsLeft > 0) return
    setPending(true)
    setOutcome(null)
    const result = await sendVerificationEmail(email)
    setPending(false)
    setOutcome(result.sent ? { sent: true, message: `We sent a new link to ${email}.` } : result)
    if (result.waitS) {
      setNowMs(Date.now())
      setWaitUntilMs(Date.now() + result.waitS * 1000)
    }
  }

  // Once, on mount (the ref keeps React's development double-run from sending twice).
  const sentOnMount = useRef(false)
  const sendOnMount = useEffectEvent(() => {
    if (!sendNow || sentOnMount.current) return
    sentOnMount.current = true
    // This button replaced the one that was clicked: keep the focus where the person left it.
    buttonRef.current?.focus()
    void resend()
  })
  useEffect(() => sendOnMount(), [])

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        ref={buttonRef}
        onClick={resend}
        aria-disabled={secondsLeft > 0 || undefined}
        pending={pending}
        pendingLabel="Sending…"
      >
        {secondsLeft > 0 ? `Resend in ${secondsLeft} s` : 'Resend'}
      </Button>
      <p role="status" className="text-sm empty:hidden">
        {outcome?.sent ? outcome.message : null}
      </p>
      <p role="alert" className="text-sm text-red-700 empty:hidden">
        {outcome && !outcome.sent ? outcome.message : null}
      </p>
    </div>
  )
}
