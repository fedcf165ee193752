/**
 * Draws a QR code in a worker. Vite builds a worker on its own, so the `qrcode` package (CommonJS) and the
 * interop helpers it needs stay out of the app's shared chunks, and out of every page's first load.
 */
import { create } from 'qrcode'
import type { QrCodeDrawing } from './qr-code'

// The app's TypeScript setup has DOM types, not WebWorker ones: this is the part of a worker's scope used here.
const worker = self as unknown as {
  onmessage: ((event: MessageEvent<string>) => void) | null
  postMessage: (drawing: QrCodeDrawing) => void
}

worker.onmessage = ({ data: text }) => {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const runs: string[] = []
  for (let y = 0; y < modules.size; y++) {
    let x = 0
    while (x < modules.size) {
      if (!modules.get(y, x)) {
        x++
        continue
      }
      const start = x
      while (x < modules.size && modules.get(y, x)) x++
      runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`)
    }
  }
  worker.postMessage({ size: modules.size, path: runs.join('') })
}
