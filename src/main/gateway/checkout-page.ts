// The checkout page a shop sends its customer to (`GET /<id>`): the QR code of the SEP-0007 URI
// and, beside it, the bare address, amount and memo in large type for a wallet that scans only
// addresses; the status, kept fresh by polling status.json. Invariant: every text from the
// invoice (order, memo, amounts, the shop's own words) is HTML-escaped, and the page runs no
// script but its own: the Content-Security-Policy allows only the inline script and style that
// carry this response's nonce, and nothing may be loaded from anywhere.
import { randomBytes } from 'node:crypto'
import { toString as qrSvg } from 'qrcode'
import { INVOICE_STATUS_LABELS, type InvoiceStatus, type InvoiceView } from '../../shared/contract/invoices'

export interface CheckoutPage {
  readonly html: string
  /** The Content-Security-Policy header that goes with this html (its nonce). */
  readonly contentSecurityPolicy: string
}

/** Statuses after which nothing more will change for the customer: the page stops polling. */
const FINAL_STATUSES: readonly InvoiceStatus[] = ['paid', 'overpaid', 'paid_late', 'expired', 'cancelled', 'refunded']
/** What the customer reads as "done": the shop has its money. */
const PAID_STATUSES: readonly InvoiceStatus[] = ['paid', 'overpaid', 'paid_late']
/** How often the page asks for the status. */
export const CHECKOUT_POLL_MS = 2_000

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character)
}

export async function renderCheckoutPage(invoice: InvoiceView): Promise<CheckoutPage> {
  const nonce = randomBytes(18).toString('base64')
  // The SVG is the QR library's own output for the URI (which holds only the address, an amount
  // and the memo we made or checked); nothing of it is read from the request.
  const qr = await qrSvg(invoice.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  const paid = PAID_STATUSES.includes(invoice.status)
  const label = paid ? 'Paid' : INVOICE_STATUS_LABELS[invoice.status]
  const fiat = invoice.fiat === null ? '' : `<p class="fiat">${escapeHtml(`${invoice.fiat.amount} ${invoice.fiat.currency} at ${invoice.fiat.rate} ${invoice.fiat.pair}`)}</p>`
  const order = invoice.order === null ? '' : `<p class="order">Order ${escapeHtml(invoice.order)}</p>`
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Pay ${escapeHtml(invoice.amount)} Pi</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;margin:0;padding:2rem;background:#f6f6f4;color:#1d1d1b}
main{max-width:56rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
.qr{width:18rem;max-width:100%;background:#fff;padding:.5rem;border-radius:.5rem}
.qr svg{width:100%;height:auto;display:block}
.facts{flex:1;min-width:16rem}
dt{font-size:.9rem;color:#555;margin-top:1rem}
dd{margin:0;font-size:1.8rem;font-weight:600;word-break:break-all}
.status{font-size:1.6rem;font-weight:700;padding:.6rem 1rem;border-radius:.5rem;background:#e8e8e4;display:inline-block}
.status.paid{background:#1e7d32;color:#fff;font-size:2.4rem}
.fiat,.order{color:#444}
</style>
</head>
<body>
<main data-status-url="${escapeHtml(`${invoice.id}/status.json`)}" data-status="${escapeHtml(invoice.status)}">
<div class="qr" aria-label="QR code of the payment">${qr}</div>
<div class="facts">
<p id="status" class="status${paid ? ' paid' : ''}" role="status" aria-live="polite">${escapeHtml(label)}</p>
${order}
<dl>
<dt>Amount</dt><dd id="amount">${escapeHtml(invoice.amount)} Pi</dd>
<dt>To address</dt><dd id="address">${escapeHtml(invoice.address)}</dd>
<dt>Memo (required)</dt><dd id="memo">${escapeHtml(invoice.memo)}</dd>
<dt>Received</dt><dd id="received">${escapeHtml(invoice.received)} Pi</dd>
</dl>
${fiat}
<p>Send exactly this amount with this memo; the page shows when it arrives.</p>
</div>
</main>
<script nonce="${nonce}">
${pollScript()}
</script>
</body>
</html>
`
  return {
    html,
    contentSecurityPolicy: [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      "img-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'"
    ].join('; ')
  }
}

/** The page's only script: asks status.json every few seconds and writes what it says with textContent. */
function pollScript(): string {
  const labels = JSON.stringify({ ...INVOICE_STATUS_LABELS, paid: 'Paid', overpaid: 'Paid', paid_late: 'Paid' })
  return `(function () {
  var main = document.querySelector('main');
  // Relative to the page (/<id> -> /<id>/status.json), so a shop's proxy may add a path prefix.
  var url = new URL(main.getAttribute('data-status-url'), location.href).href;
  var labels = ${labels};
  var paid = ${JSON.stringify(PAID_STATUSES)};
  var final = ${JSON.stringify(FINAL_STATUSES)};
  var status = document.getElementById('status');
  var received = document.getElementById('received');
  function show(data) {
    status.textContent = labels[data.status] || data.status;
    status.className = paid.indexOf(data.status) >= 0 ? 'status paid' : 'status';
    received.textContent = data.received + ' Pi';
    main.setAttribute('data-status', data.status);
    return final.indexOf(data.status) >= 0;
  }
  function poll() {
    fetch(url, { cache: 'no-store' }).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (data) {
      if (data === null || !show(data)) setTimeout(poll, ${CHECKOUT_POLL_MS});
    }, function () { setTimeout(poll, ${CHECKOUT_POLL_MS}); });
  }
  if (final.indexOf(main.getAttribute('data-status')) < 0) setTimeout(poll, ${CHECKOUT_POLL_MS});
})();`
}
