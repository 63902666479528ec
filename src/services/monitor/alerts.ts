import type { Subscription } from '../../kit/bus/types.ts'
import type { JobQueue } from '../../kit/jobs/queue.ts'
import type { JobDefinition } from '../../kit/jobs/types.ts'
import type { MonitorMetrics } from './metrics.ts'
import type { MonitorDb } from './repository/tables.ts'
import { findWebsite } from './repository/websites.ts'
import { isAlert, STATE_CHANGED_TOPIC, type StoredStateChange } from './state-change.ts'

export const WEBHOOK_JOB = 'monitor.webhook'
const TIMEOUT_MS = 10_000

export interface WebhookPayload {
  url: string
  body: { event: typeof STATE_CHANGED_TOPIC; website: { id: number; url: string }; from: string; to: string; at: string; status: number | null; error: string | null }
}

function isStateChange(value: unknown): value is StoredStateChange {
  const v = value as Partial<StoredStateChange> | null
  return typeof v?.websiteId === 'number' && typeof v.url === 'string' && typeof v.from === 'string' && typeof v.to === 'string' && typeof v.at === 'number'
}

/**
 * Turns each alerting state change into one webhook job per target, keyed by the bus
 * message so a redelivered message enqueues nothing new. Checks never wait on a webhook.
 */
export function alertSubscription(deps: { db: MonitorDb; jobs: JobQueue; globalWebhook: string | undefined }): Subscription {
  return {
    topic: STATE_CHANGED_TOPIC,
    group: 'monitor.alerts',
    async handler(message) {
      const change: unknown = message.payload
      if (!isStateChange(change)) throw new TypeError(`not a state change: ${JSON.stringify(change)}`)
      if (!isAlert(change)) return
      const website = await findWebsite(deps.db, change.websiteId)
      const targets = [...new Set([deps.globalWebhook, website?.webhookUrl].filter((u): u is string => typeof u === 'string' && u.length > 0))]
      const body: WebhookPayload['body'] = {
        event: STATE_CHANGED_TOPIC,
        website: { id: change.websiteId, url: change.url },
        from: change.from,
        to: change.to,
        at: new Date(change.at).toISOString(),
        status: change.status,
        error: change.error,
      }
      if (targets.length === 0) return
      await deps.jobs.enqueueMany(targets.map((url, i) => ({ type: WEBHOOK_JOB, payload: { url, body } satisfies WebhookPayload, key: `${WEBHOOK_JOB}:${message.id}:${i}` })))
    },
  }
}

/** POSTs one alert; a failure or a non-2xx answer throws, and the job is retried with backoff. */
export function webhookJob(metrics: MonitorMetrics | undefined): JobDefinition<WebhookPayload> {
  return {
    concurrency: 4,
    maxAttempts: 8,
    async handler(payload, helpers) {
      if (typeof payload?.url !== 'string' || typeof payload.body !== 'object') throw new TypeError('a webhook job needs {url, body}')
      let status: number
      try {
        const response = await fetch(payload.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload.body),
          redirect: 'manual',
          signal: AbortSignal.any([helpers.signal, AbortSignal.timeout(TIMEOUT_MS)]),
        })
        status = response.status
        await response.body?.cancel()
      } catch (error) {
        metrics?.webhooks.inc({ outcome: 'error' })
        throw error
      }
      if (status < 200 || status >= 300) {
        metrics?.webhooks.inc({ outcome: 'rejected' })
        throw new Error(`the webhook answered ${status}`)
      }
      metrics?.webhooks.inc({ outcome: 'delivered' })
      return { status }
    },
  }
}
