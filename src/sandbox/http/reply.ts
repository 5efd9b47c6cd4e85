// What a simulated endpoint answers: a status, headers and a body, or "I wrote the response
// myself" (server-sent events). Handlers return values instead of writing, so faults can run a
// handler and then replace or mangle its answer.

export interface HttpReply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/** Returned by a handler that took over the response (a stream); faults cannot rewrite it. */
export const STREAMED = Symbol('streamed')
export type HandlerResult = HttpReply | typeof STREAMED

export function jsonReply(status: number, value: unknown, contentType = 'application/json; charset=utf-8', headers: Readonly<Record<string, string>> = {}): HttpReply {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body: JSON.stringify(value) }
}

export function htmlReply(status: number, html: string, headers: Readonly<Record<string, string>> = {}): HttpReply {
  return { status, headers: { 'Content-Type': 'text/html', ...headers }, body: html }
}

const REASONS: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out'
}

/** The error page an nginx in front of an API serves when the upstream fails. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}
