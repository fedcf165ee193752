import { APP_NAME } from '@lib/app-config'

export const BACKUP_CODES_FILE_NAME = `${APP_NAME.toLowerCase()}-backup-codes.txt`

/** The saved or printed copy: which account the codes are for, what they do, and the codes. */
export function backupCodesText(codes: readonly string[], accountEmail: string, generatedAt: Date): string {
  return [
    `${APP_NAME} backup codes for ${accountEmail}`,
    `Generated ${generatedAt.toISOString().slice(0, 10)}. Each code signs you in once when you cannot use your authenticator app.`,
    'Generating new codes makes all of these stop working.',
    '',
    ...codes,
    '',
  ].join('\n')
}

/** Saves the codes as a text file; the object URL is released as soon as the download has started. */
export function downloadBackupCodes(text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = BACKUP_CODES_FILE_NAME
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url))
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * Prints only the codes: a hidden frame holds them, so the rest of the settings page stays off the paper.
 * The frame goes away once the print dialog has closed.
 */
export function printBackupCodes(text: string) {
  const frame = document.createElement('iframe')
  frame.setAttribute('aria-hidden', 'true')
  frame.tabIndex = -1
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0'
  frame.srcdoc = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(BACKUP_CODES_FILE_NAME)}</title><pre style="font:14pt/1.6 ui-monospace,monospace;white-space:pre-wrap">${escapeHtml(text)}</pre>`
  frame.addEventListener('load', () => {
    const frameWindow = frame.contentWindow
    if (!frameWindow) return frame.remove()
    frameWindow.addEventListener('afterprint', () => frame.remove())
    frameWindow.focus()
    frameWindow.print()
  })
  document.body.append(frame)
}
