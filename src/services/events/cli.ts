import { createReadStream } from 'node:fs'
import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { Registry } from 'prom-client'
import type { CliContext } from '../../kit/service.ts'
import { FeedParser } from './feed-parser.ts'
import { httpFeedSource, type FeedSource } from './fetch-feed.ts'
import { ingestFeed } from './ingest.ts'
import { createEventsMetrics } from './metrics.ts'
import { zoneConverter, type ZoneConverter } from './provider-time.ts'
import type { EventsConfig } from './index.ts'
import type { EventsTables } from './repository.ts'

/** A feed read from a file, as the provider would have sent it. */
export function fileFeedSource(file: string, converter: ZoneConverter): FeedSource {
  return async () => {
    const parser = new FeedParser(converter)
    const decoder = new TextDecoder('utf-8', { fatal: true })
    for await (const chunk of createReadStream(file)) parser.write(decoder.decode(chunk as Buffer, { stream: true }))
    parser.write(decoder.decode())
    return parser.end()
  }
}

/** `flotilla events ingest FILE|URL`: one ingestion, by the rules of the scheduled ones. */
export function eventsCli(command: Command, context: CliContext): void {
  command
    .command('ingest')
    .description('ingest a feed once from a file or an http(s) URL; running processes pick it up at their next index refresh')
    .argument('<source>', 'an XML feed file, or a URL')
    .action(async (from: string) => {
      const opened = await context.open()
      const { database, clock } = opened
      // The CLI validated the whole configuration, this service's defaults included.
      const config = opened.config as EventsConfig
      try {
        const converter = zoneConverter(config.EVENTS_PROVIDER_TIME_ZONE)
        const source = /^https?:\/\//.test(from)
          ? httpFeedSource({ url: from, timeoutMs: config.EVENTS_FETCH_TIMEOUT_SECONDS * 1000, maxBytes: config.EVENTS_MAX_FEED_MB * 1024 * 1024, converter })
          : fileFeedSource(from, converter)
        const report = await ingestFeed({
          db: database.db as Kysely<EventsTables>,
          source,
          clock,
          log: pino({ level: 'silent' }),
          metrics: createEventsMetrics(new Registry()),
        })
        console.log(
          `ingested ${report.onlineEvents} online events (${report.inserted} new, ${report.updated} changed, ${report.unchanged} unchanged; ` +
            `${report.skippedBaseEvents} malformed base_events skipped) in ${(report.durationMs / 1000).toFixed(1)} s`,
        )
      } finally {
        await opened.close()
      }
    })
}
