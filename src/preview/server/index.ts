export {
  DEFAULT_MAX_BODY_BYTES,
  EVENTS_PATH,
  INVOKE_PATH,
  startPreviewServer,
  TOKEN_HEADER,
  type PreviewServer,
  type PreviewServerOptions,
  type PreviewServices
} from './preview-server'
export { TOKEN_META_NAME } from './static-files'
