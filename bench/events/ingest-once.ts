// One ingestion in a process of its own, so that its peak RSS is its own: prints a JSON
// line with the time, the peak RSS and the ingestion's report. MODE=download only reads
// the feed (the baseline), MODE=parse reads and parses it without storing.
import path from 'node:path'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { Registry } from 'prom-client'
import { systemClock } from '../../src/kit/clock.ts'
import { openDatabase } from '../../src/kit/db/database.ts'
import { runMigrations } from '../../src/kit/runtime.ts'
import { defaultFeedLimits } from '../../src/services/events/feed-parser.ts'
import { fetchFeed } from '../../src/services/events/fetch-feed.ts'
import { eventsService } from '../../src/services/events/index.ts'
import { ingestFeed } from '../../src/services/events/ingest.ts'
import { createEventsMetrics } from '../../src/services/events/metrics.ts'
import { zoneConverter } from '../../src/services/events/provider-time.ts'
import type { EventsTables } from '../../src/services/events/repository.ts'

const url = process.env.FEED_URL!
const mode = process.env.MODE ?? 'ingest'
const options = { url, timeoutMs: 120_000, maxBytes: 512 * 1024 * 1024, converter: zoneConverter('UTC'), limits: defaultFeedLimits }

const started = performance.now()
let report: unknown
if (mode === 'download') {
  const reader = (await fetch(url)).body!.getReader()
  let bytes = 0
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength
  report = { bytes }
} else if (mode === 'parse') {
  report = (await fetchFeed(options)).summary
} else {
  const database = openDatabase({ url: process.env.DATABASE_URL, sqliteFile: path.join(process.env.DATA_DIR!, 'flotilla.db') })
  await runMigrations(database, [eventsService])
  report = await ingestFeed({
    db: database.db as Kysely<EventsTables>,
    source: (signal) => fetchFeed({ ...options, signal }),
    clock: systemClock,
    log: pino({ level: 'silent' }),
    metrics: createEventsMetrics(new Registry()),
  })
  await database.close()
}
const seconds = (performance.now() - started) / 1000
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, report }))
