import { useRouter } from '@tanstack/react-router'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { CheckboxField, SubmitButton } from '~/components/form'
import { backupCodesText, downloadBackupCodes, printBackupCodes } from './backup-codes-file'
import { Button } from '~/components/Button'
import { CopyButton } from './CopyButton'

/**
 * A fresh set of backup codes, shown this once: Gatehouse cannot show them again. Leaving needs the "I have saved
 * these" box ticked; navigating away before that asks first (and so does closing the tab).
 */
export function BackupCodesPanel({
  codes,
  title,
  intro,
  accountEmail,
  onDone,
}: {
  codes: readonly string[]
  title: string
  intro: string
  accountEmail: string
  onDone: () => void
}) {
  const headingRef = useRef<HTMLHeadingElement>(null)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [generatedAt] = useState(() => new Date())
  const text = backupCodesText(codes, accountEmail, generatedAt)
  const router = useRouter()
  // While a navigation waits for the answer to "leave without saving?": resolving with true keeps the page.
  const pendingLeave = useRef<((stay: boolean) => void) | null>(null)
  const [askingToLeave, setAskingToLeave] = useState(false)
  const stayButtonRef = useRef<HTMLButtonElement>(null)

  function answerLeave(stay: boolean) {
    pendingLeave.current?.(stay)
    pendingLeave.current = null
    setAskingToLeave(false)
  }

  // The history's own blocker rather than useBlocker, which would land in every page's framework chunk.
  useEffect(() => {
    if (saved) return
    const unblock = router.history.block({
      blockerFn: () =>
        new Promise<boolean>((resolve) => {
          pendingLeave.current?.(true)
          pendingLeave.current = resolve
          setAskingToLeave(true)
        }),
      enableBeforeUnload: true,
    })
    return () => {
      unblock()
      // Ticked (or done) while a navigation was waiting: stay; the next click goes through.
      pendingLeave.current?.(true)
      pendingLeave.current = null
    }
  }, [router, saved])

  // Arriving here replaces the form someone was using: tell screen readers where they are.
  useEffect(() => headingRef.current?.focus(), [])
  useEffect(() => {
    if (!askingToLeave) return
    stayButtonRef.current?.scrollIntoView({ block: 'center' })
    stayButtonRef.current?.focus()
  }, [askingToLeave])

  function handleDone(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!saved) {
      setError('Tick this box once your codes are stored somewhere safe.')
      event.currentTarget.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus()
      return
    }
    onDone()
  }

  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-slate-900 focus:outline-none">
          {title}
        </h3>
        <p className="text-sm text-slate-700">{intro}</p>
      </div>
      <ol
        aria-label="Backup codes"
        className="grid max-w-md grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 font-mono text-base text-slate-900"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={text} label="Copy codes" />
        <Button onClick={() => downloadBackupCodes(text)}>Download</Button>
        <Button onClick={() => printBackupCodes(text)}>Print</Button>
      </div>
      {askingToLeave && !saved ? (
        <div
          role="alert"
          className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
        >
          <p>
            You have not confirmed that your backup codes are saved. They will not be shown again (you can generate a
            new set later). Leave anyway?
          </p>
          <div className="flex flex-wrap gap-2">
            <Button ref={stayButtonRef} onClick={() => answerLeave(true)}>
              Stay and save them
            </Button>
            <Button onClick={() => answerLeave(false)}>Leave without saving</Button>
          </div>
        </div>
      ) : null}
      <form onSubmit={handleDone} noValidate className="space-y-4">
        <CheckboxField
          label="I have saved these backup codes"
          name="saved"
          checked={saved}
          onChange={(event) => {
            setSaved(event.target.checked)
            if (event.target.checked) setError(undefined)
          }}
          error={error}
        />
        <div className="w-full sm:w-48">
          <SubmitButton pending={false} pendingLabel="">
            Done
          </SubmitButton>
        </div>
      </form>
    </div>
  )
}
