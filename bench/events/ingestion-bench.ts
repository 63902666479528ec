import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { SaxesParser } from 'saxes'
import { XmlTokenizer } from '../../src/services/events/xml-tokenizer.ts'
import { freePort, startProcess, stopProcess } from '../lib/processes.ts'
import { printTable, type Row } from '../lib/report.ts'
import { feedBuffer } from './feed.ts'

interface Run {
  seconds: number
  peakRssMb: number
  report: Record<string, unknown>
}

/** Runs bench/events/ingest-once.ts in a process of its own and reads its JSON line. */
function ingestOnce(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/events/ingest-once.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Run) : reject(new Error(`ingest-once exited with ${code}`))))
  })
}

/**
 * A feed of N events × M zones served from another process; each ingestion in a fresh
 * process, into a fresh SQLite file, so that its time and peak RSS are its own.
 */
export async function benchIngestion(dataDir: string, events: number, zones: number): Promise<void> {
  const port = await freePort()
  const feedServer = await startProcess(['--import', 'tsx', 'bench/events/feed-server.ts'], { PORT: String(port), FEED_EVENTS: String(events), FEED_ZONES: String(zones) }, `http://127.0.0.1:${port}/ready`, 300_000)
  const rows: Row[] = []
  let megabytes = 0
  try {
    megabytes = Number(await (await fetch(`http://127.0.0.1:${port}/ready`)).text()) / 1e6
    const feed = `http://127.0.0.1:${port}/feed.xml`
    const row = (name: string, run: Run) => {
      rows.push({ name, figures: { seconds: run.seconds, 'MB/s': megabytes / run.seconds, 'peak RSS MB': run.peakRssMb } })
      return run
    }
    row('download only (fetch)', await ingestOnce({ FEED_URL: feed, MODE: 'download' }))
    row('download + parse', await ingestOnce({ FEED_URL: feed, MODE: 'parse' }))
    const first = row('ingestion: all new', await ingestOnce({ FEED_URL: feed, DATA_DIR: dataDir }))
    row('ingestion: nothing changed', await ingestOnce({ FEED_URL: feed, DATA_DIR: dataDir }))
    const changed = row('ingestion: every price changed', await ingestOnce({ FEED_URL: `http://127.0.0.1:${port}/feed-changed.xml`, DATA_DIR: dataDir }))
    console.log(`first ingestion: ${JSON.stringify(first.report)}\nchanged: inserted ${String(changed.report.inserted)}, updated ${String(changed.report.updated)}`)
  } finally {
    await stopProcess(feedServer)
    rmSync(dataDir, { recursive: true, force: true })
  }
  printTable(
    `events ingestion: ${events.toLocaleString('en-US')} events × ${zones} zones (${megabytes.toFixed(1)} MB of XML), fetched from a local server, into SQLite, one process each`,
    rows,
    'download only (fetch)',
    ['MB/s'],
  )
}

/** The tokenizer against saxes (a conforming, char-by-char parser) on the same feed, in this process, warm. */
export function benchParsers(events: number, zones: number): void {
  const xml = feedBuffer({ events, zones }).toString()
  const parse = (write: (chunk: string) => void, end: () => void) => {
    const started = performance.now()
    for (let i = 0; i < xml.length; i += 65536) write(xml.slice(i, i + 65536))
    end()
    return xml.length / 1e6 / ((performance.now() - started) / 1000)
  }
  const saxes = () => {
    const parser = new SaxesParser()
    parser.on('opentag', () => {})
    return parse((c) => parser.write(c), () => parser.close())
  }
  const ours = () => {
    const tokens = new XmlTokenizer({ open() {}, close() {} }, 1 << 20)
    return parse((c) => tokens.write(c), () => tokens.end())
  }
  const best = (f: () => number) => Math.max(f(), f(), f())
  printTable(
    `XML tokenizing alone, ${(xml.length / 1e6).toFixed(1)} MB, best of 3, one core`,
    [
      { name: 'saxes', figures: { 'MB/s': best(saxes) } },
      { name: 'events xml-tokenizer', figures: { 'MB/s': best(ours) } },
    ],
    'saxes',
    ['MB/s'],
  )
}
