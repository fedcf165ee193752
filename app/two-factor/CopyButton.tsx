import { useEffect, useState } from 'react'
import { Button } from '~/components/Button'
import { Icon } from '~/components/Icon'
import { checkIcon, copyIcon } from '~/components/icons'

const CONFIRMATION_SHOWN_MS = 2_000

/** Copies `text` to the clipboard and says so; if the browser refuses, says how to copy by hand instead. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state !== 'copied') return
    const timer = setTimeout(() => setState('idle'), CONFIRMATION_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [state])

  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button onClick={copy}>
        <Icon icon={state === 'copied' ? checkIcon : copyIcon} className="size-4" />
        {state === 'copied' ? 'Copied' : label}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {state === 'copied' ? <span className="sr-only">Copied to the clipboard.</span> : null}
        {state === 'failed' ? 'Copying is blocked in this browser: select the text and copy it yourself.' : null}
      </span>
    </span>
  )
}
