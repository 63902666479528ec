// `npm run bench -- events`: ingestion of a generated feed (N events × M zones), the XML
// tokenizer against saxes, and GET /search with a million events stored, each against a
// baseline measured in the same run.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchIngestion, benchParsers } from './events/ingestion-bench.ts'
import { benchSearch } from './events/search-bench.ts'

const FEED_EVENTS = Number(process.env.BENCH_EVENTS_FEED ?? 10_000)
const FEED_ZONES = Number(process.env.BENCH_EVENTS_ZONES ?? 100)
const STORED = Number(process.env.BENCH_EVENTS_STORED ?? 1_000_000)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
/** BENCH_EVENTS_PARTS=search (or ingestion) runs one part. */
const PARTS = (process.env.BENCH_EVENTS_PARTS ?? 'ingestion,search').split(',')

export async function benchEvents(): Promise<void> {
  if (PARTS.includes('ingestion')) {
    await benchIngestion(mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-events-')), FEED_EVENTS, FEED_ZONES)
    benchParsers(Math.min(FEED_EVENTS, 4000), FEED_ZONES)
  }
  if (PARTS.includes('search')) await benchSearch(mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-events-')), STORED, DURATION)
}
