import { useEffect, useState } from 'react'
import type { QrCodeDrawing } from './qr-code'

// Scanners need a light margin of four modules around the code.
const QUIET_ZONE = 4

/**
 * The TOTP URI as a QR code, drawn in the page. The URI holds the secret: it stays in memory, never in an address,
 * an image request or a log.
 */
export function TotpQrCode({ totpUri }: { totpUri: string }) {
  const [drawn, setDrawn] = useState<{ uri: string; drawing: QrCodeDrawing | 'failed' } | null>(null)
  // A new URI shows "Preparing" until its own drawing arrives, never the previous one's code.
  const drawing = drawn?.uri === totpUri ? drawn.drawing : null

  useEffect(() => {
    let current = true
    import('./qr-code')
      .then(({ drawQrCode }) => drawQrCode(totpUri))
      .then(
        (result) => current && setDrawn({ uri: totpUri, drawing: result }),
        () => current && setDrawn({ uri: totpUri, drawing: 'failed' }),
      )
    return () => {
      current = false
    }
  }, [totpUri])

  const frame = 'flex size-56 shrink-0 items-center justify-center rounded-md border border-slate-200 bg-white'
  if (drawing === null) {
    return (
      <div className={`${frame} animate-pulse`} role="status">
        <span className="text-sm text-slate-500">Preparing the QR code…</span>
      </div>
    )
  }
  if (drawing === 'failed') {
    return (
      <div className={`${frame} p-4 text-center text-sm text-slate-700`} role="status">
        The QR code could not be shown. Enter the setup key instead.
      </div>
    )
  }
  const side = drawing.size + 2 * QUIET_ZONE
  return (
    <svg
      role="img"
      aria-label="QR code for your authenticator app"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`}
      shapeRendering="crispEdges"
      className="size-56 shrink-0 rounded-md border border-slate-200"
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={drawing.path} fill="#0f172a" />
    </svg>
  )
}
