/**
 * QR codes drawn as one SVG path, computed by `qrcode` in a worker (qr-code.worker.ts) that is fetched only when
 * a QR code is first shown. The text (a TOTP URI, which holds the secret) is posted to the worker: it is never
 * part of an address or a log.
 */
export interface QrCodeDrawing {
  /** Modules per side, without the quiet zone. */
  size: number
  /** Every dark module, as horizontal runs: `M<x> <y>h<run>v1h-<run>z`. */
  path: string
}

export function drawQrCode(text: string): Promise<QrCodeDrawing> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./qr-code.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (event: MessageEvent<QrCodeDrawing>) => {
      resolve(event.data)
      worker.terminate()
    }
    worker.onerror = () => {
      reject(new Error('The QR code could not be drawn.'))
      worker.terminate()
    }
    worker.postMessage(text)
  })
}
