/**
 * QR codes drawn as one SVG path from uqr's module matrix (encoding a TOTP URI takes a millisecond or two). The
 * module is imported when a QR code is first shown, so uqr stays out of every page's first load.
 */
import { encode } from 'uqr'

export interface QrCodeDrawing {
  /** Modules per side, without the quiet zone. */
  size: number
  /** Every dark module, as horizontal runs: `M<x> <y>h<run>v1h-<run>z`. */
  path: string
}

export function drawQrCode(text: string): QrCodeDrawing {
  const { size, data } = encode(text, { ecc: 'M', border: 0 })
  const runs: string[] = []
  data.forEach((row, y) => {
    let x = 0
    while (x < size) {
      if (!row[x]) {
        x++
        continue
      }
      const start = x
      while (x < size && row[x]) x++
      runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`)
    }
  })
  return { size, path: runs.join('') }
}
