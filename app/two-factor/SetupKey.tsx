import { useId } from 'react'
import { groupSetupKey } from '@lib/totp-setup-key'
import { CopyButton } from './CopyButton'

/** The TOTP secret for typing into an authenticator app: grouped by four to read, copied without the spaces. */
export function SetupKey({ secret }: { secret: string }) {
  const labelId = useId()
  return (
    <div role="group" aria-labelledby={labelId} className="space-y-2">
      <p id={labelId} className="text-sm font-medium text-slate-800">
        Setup key
      </p>
      <code className="block rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-base tracking-wide break-words text-slate-900">
        {groupSetupKey(secret).join(' ')}
      </code>
      <CopyButton text={secret} label="Copy key" />
    </div>
  )
}
