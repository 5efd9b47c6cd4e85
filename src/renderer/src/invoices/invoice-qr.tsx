// The invoice's QR code: its SEP-0007 `web+stellar:pay` URI, drawn by node-qrcode as SVG and shown
// as an image (a data: URL, which the Content-Security-Policy allows for images; no markup is
// injected into the page). Beside it the screens always print the bare address, amount and memo
// for a wallet that scans only addresses.
import { toString as qrSvg } from 'qrcode'
import { useEffect, useState } from 'react'

export interface InvoiceQrProps {
  readonly uri: string
  /** What the code asks for, for screen readers ("Pay 12.5 Pi to …"). */
  readonly label: string
  readonly size: 'medium' | 'large'
}

export function InvoiceQr({ uri, label, size }: InvoiceQrProps) {
  const [drawn, setDrawn] = useState<{ readonly uri: string; readonly src: string | null } | null>(null)
  useEffect(() => {
    let current = true
    qrSvg(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => current && setDrawn({ uri, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }),
      () => current && setDrawn({ uri, src: null })
    )
    return () => {
      current = false
    }
  }, [uri])

  const src = drawn?.uri === uri ? drawn.src : undefined
  return (
    <div className={`invoice-qr invoice-qr--${size}`} data-invoice-qr="">
      {src ? (
        <img className="invoice-qr__image" src={src} alt={label} data-qr-uri={uri} />
      ) : src === null ? (
        <p className="invoice-qr__note">The QR code could not be drawn: type the address, amount and memo instead.</p>
      ) : (
        <p className="invoice-qr__note" role="status">
          Drawing the QR code…
        </p>
      )}
    </div>
  )
}
