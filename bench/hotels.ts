// `npm run bench -- hotels`: one background search scraping 3,000 hotels (and their 100 list
// pages) from the demo site, run in a process of its own at a fixed latency, with a per-host
// concurrency of 16: hotels/s against the latency bound, the API process's event-loop delay
// during the scrape, parse throughput. Baseline in the same run: the same scrape parsing on
// the main thread (HOTELS_PARSE_THREADS=0). Then the parser choice (bench/hotels/parsers.ts).
import { Catalog } from '../src/services/hotels/demo-site/catalog.ts'
import { listPath } from '../src/services/hotels/demo-site/markup.ts'
import { printTable, type Row } from './lib/report.ts'
import { freePort, startProcess, stopProcess } from './lib/processes.ts'
import { benchParsers } from './hotels/parsers.ts'
import { runScrape } from './hotels/scrape-run.ts'

const HOTELS = Number(process.env.BENCH_HOTELS ?? 3000)
const LATENCY_MS = Number(process.env.BENCH_HOTELS_LATENCY_MS ?? 50)
const CONCURRENCY = 16
const PARSE_THREADS = process.env.BENCH_HOTELS_THREADS ?? '2'
const LIST_PAGE = 30
/** BENCH_HOTELS_PARTS=scrape (or parsers) runs one part. */
const PARTS = (process.env.BENCH_HOTELS_PARTS ?? 'scrape,parsers').split(',')

export async function benchHotels(): Promise<void> {
  if (PARTS.includes('scrape')) await benchScrape()
  if (PARTS.includes('parsers')) {
    printTable(
      'hotels, the parser choice: the demo site\'s pages (600 hotel pages, 20 list pages in both layouts) read into the same fields, one thread',
      benchParsers(new Catalog(1, HOTELS)),
      'htmlparser2 + css-select (Flotilla)',
      ['hotel pages MB/s', 'list pages MB/s'],
    )
  }
}

async function benchScrape(): Promise<void> {
  const listPages = Math.ceil(HOTELS / LIST_PAGE)
  const port = await freePort()
  const sourceUrl = `http://127.0.0.1:${port}`
  const site = await startProcess(
    ['bin/flotilla.js', 'demo-site', '--port', String(port), '--latency-ms', String(LATENCY_MS), '--hotels-per-city', String(HOTELS)],
    {},
    `${sourceUrl}/robots.txt`,
  )
  try {
    // The site builds a city's hotels on first use: not in the first run's time.
    const city = new Catalog(1, HOTELS).match('Paris')[0]!
    await fetch(`${sourceUrl}${listPath(city, listPages)}`).then((r) => r.arrayBuffer())
    const env = { HOTELS_CONCURRENCY_PER_HOST: String(CONCURRENCY), HOTELS_MAX_PAGES: String(HOTELS + listPages + 10) }
    const variants = [
      { name: `parse threads (${PARSE_THREADS})`, threads: PARSE_THREADS },
      { name: 'main thread', threads: '0' },
    ]
    const rows: Row[] = []
    let bound = 0
    for (const variant of variants) {
      const run = await runScrape(sourceUrl, 'Paris', listPages, { ...env, HOTELS_PARSE_THREADS: variant.threads })
      if (run.hotels !== HOTELS) console.error(`${variant.name}: ${run.hotels} of ${HOTELS} hotels scraped (${run.failed} not fetched)`)
      // Every page takes the latency at least, and at most CONCURRENCY are in flight at once.
      const boundSeconds = (run.pages * LATENCY_MS) / 1000 / CONCURRENCY
      bound = run.hotels / boundSeconds
      rows.push({
        name: variant.name,
        figures: {
          hotels: run.hotels,
          pages: run.pages,
          s: run.seconds,
          'hotels/s': run.hotels / run.seconds,
          'bound hotels/s': bound,
          'x bound time': run.seconds / boundSeconds,
          'loop p50 ms': run.loopP50Ms,
          'loop p99 ms': run.loopP99Ms,
          'loop max ms': run.loopMaxMs,
          'API CPU %': run.cpuPercent,
          'parse MB/s': run.parsedMb / run.parseSeconds,
          'parsed MB': run.parsedMb,
        },
      })
    }
    printTable(
      `hotels: one search, ${HOTELS.toLocaleString('en-US')} hotels in ${listPages} list pages from the demo site (separate process, ${LATENCY_MS} ms latency), ` +
        `${CONCURRENCY} requests at once; bound = pages × ${LATENCY_MS} ms ÷ ${CONCURRENCY} (${bound.toFixed(0)} hotels/s); loop = event-loop delay of the API process during the scrape`,
      rows,
      'main thread',
      ['hotels/s', 'loop p99 ms'],
    )
  } finally {
    await stopProcess(site)
  }
}
