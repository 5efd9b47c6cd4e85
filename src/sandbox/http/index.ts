// A small toolkit for the sandbox's simulated HTTP services (Horizon, the Pi Platform): routing,
// a loopback server with per-route fault injection, a request log, and server-sent events.
export { Router, type Handler, type RouteLookup } from './router'
export type { RequestContext } from './context'
export { BodyTooLargeError, IncompleteBodyError } from './context'
export { STREAMED, htmlReply, jsonReply, nginxErrorPage, type HandlerResult, type HttpReply } from './reply'
export { PLAIN_PAGES, startHttpServer, type HttpServerOptions, type RunningServer, type ServicePages } from './server'
export { FaultPlan, type ActiveFault, type FaultKind, type FaultRule } from './faults'
export { RequestLog, type LoggedRequest } from './request-log'
export { matchesRequest, type RequestFilter, type RequestName } from './route-match'
export { openEventStream, type EventStream, type ServerEvent } from './sse'
