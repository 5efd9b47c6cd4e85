// Postbacks as the front doors ask for them: the deliveries list (with why nothing is sent, when
// nothing can be), a redelivery by a person, and the deliverer that runs in the background.
import type { MerchantDb } from '../db'
import type { PostbackListView, PostbackView } from '../../shared/contract/postbacks'
import type { NetworkId } from '../../shared/network'
import { PostbackDeliverer, type PostbackDelivererOptions } from './deliverer'
import { redeliverPostback } from './journal'
import { listPostbacks, toPostbackView, type PostbackListFilter } from './list'

export interface PostbackServiceOptions extends PostbackDelivererOptions {
  readonly store: MerchantDb
  /** Who acts, for the audit log of a redelivery. */
  readonly actor: () => string
}

export class PostbackService {
  readonly deliverer: PostbackDeliverer

  constructor(private readonly options: PostbackServiceOptions) {
    this.deliverer = new PostbackDeliverer(options)
  }

  async list(filter: PostbackListFilter): Promise<PostbackListView> {
    return { items: await listPostbacks(this.options.store, filter), paused: await this.deliverer.paused() }
  }

  /** A delivered or given-up postback, sent again now (same body, new signature); audited as postback.redeliver. */
  async redeliver(id: number, networkId: NetworkId): Promise<PostbackView> {
    const row = await redeliverPostback(this.options.store, { id, networkId, actor: this.options.actor() })
    this.deliverer.nudge()
    const [view] = await listPostbacks(this.options.store, { networkId, subject: row.subject, limit: 1000 }).then((views) => views.filter((one) => one.id === id))
    return view ?? toPostbackView(row, [])
  }
}
