// Zod compiles fast validators with `new Function` unless told not to; our CSP has no
// 'unsafe-eval' (and must not), so the renderer runs zod in its plain, eval-free mode.
// Imported first by both renderer entries, before any schema is used.
import { z } from 'zod'

z.config({ jitless: true })
