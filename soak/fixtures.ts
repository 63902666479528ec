import type { ChildProcess } from 'node:child_process'
import { openSync } from 'node:fs'
import path from 'node:path'
import { onlineEventCount } from '../bench/events/feed.ts'
import { freePort, startProcess, stopProcess } from '../bench/lib/processes.ts'

/** What the soak runs against, all on 127.0.0.1: Flotilla, the demo site, and the feed and targets of soak/sites.ts. */
export interface Fixtures {
  flotilla: ChildProcess
  base: string
  /** The monitored sites: paths of `targetPaths`. */
  targetsBase: string
  /** The demo site the hotels service scrapes. */
  siteUrl: string
  /** Feeds served so far: each one bumps every price, so every fetch updates every event. */
  feedsServed: () => Promise<number>
  /** Events ever online in the feed (the same set every time): what an all-time search must find. */
  onlineEvents: number
  close: () => Promise<void>
}

/** The demo site's hotels per city: three list pages of 30. */
export const HOTELS_PER_CITY = 90
/** Events in the provider's feed (soak/sites.ts), with 5 zones each. */
export const FEED_EVENTS = 2000
export const FEED_ZONES = 5

/**
 * Starts the sites, then Flotilla (`flotilla start`, every service, in a fresh data dir,
 * SQLite unless DATABASE_URL says otherwise) with its log in `dataDir/flotilla.log`.
 */
export async function startFixtures(dataDir: string): Promise<Fixtures> {
  const [feedPort, targetsPort] = [await freePort(), await freePort()]
  const targetsBase = `http://127.0.0.1:${targetsPort}`
  const feedBase = `http://127.0.0.1:${feedPort}`
  const sites = await startProcess(['--import', 'tsx', 'soak/sites.ts'], { SOAK_FEED_PORT: String(feedPort), SOAK_TARGETS_PORT: String(targetsPort) }, `${targetsBase}/ok`)
  const sitePort = await freePort()
  const siteUrl = `http://127.0.0.1:${sitePort}`
  const site = await startProcess(
    ['bin/flotilla.js', 'demo-site', '--port', String(sitePort), '--latency-ms', '20', '--hotels-per-city', String(HOTELS_PER_CITY)],
    {},
    `${siteUrl}/robots.txt`,
  )
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const log = openSync(path.join(dataDir, 'flotilla.log'), 'a')
  const flotilla = await startProcess(
    ['bin/flotilla.js', 'start'],
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      FLOTILLA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      EVENTS_PROVIDER_URL: `${feedBase}/feed.xml`,
      EVENTS_FETCH_INTERVAL_SECONDS: '20',
      HOTELS_SOURCE_URL: siteUrl,
      HOTELS_CONCURRENCY_PER_HOST: '8',
      CTR_REFRESH_SECONDS: '2',
      // All 500 monitored sites share one origin here (the default, 6, suits real sites on many).
      MONITOR_CONNECTIONS_PER_ORIGIN: '64',
    },
    `${base}/readyz`,
    120_000,
    log,
  )
  return {
    flotilla,
    base,
    targetsBase,
    siteUrl,
    feedsServed: async () => Number(await (await fetch(`${feedBase}/served`)).text()),
    onlineEvents: onlineEventCount(FEED_EVENTS),
    close: async () => {
      await stopProcess(flotilla)
      await Promise.all([stopProcess(site), stopProcess(sites)])
    },
  }
}

export const targetPaths = ['/ok', '/ok', '/ok', '/slow', '/fail'] as const

export function targetUrl(targetsBase: string, n: number): string {
  return `${targetsBase}${targetPaths[n % targetPaths.length]}?site=${n}`
}
