import Type, { type Static } from 'typebox'

export const HotelsConfig = Type.Object({
  HOTELS_SOURCE_URL: Type.String({ default: 'http://127.0.0.1:8090', pattern: '^https?://', description: 'the site to scrape; `flotilla demo-site` serves one there' }),
  HOTELS_CONCURRENCY_PER_HOST: Type.Integer({ default: 16, minimum: 1, maximum: 256, description: 'requests in flight to one host at once, per process' }),
  HOTELS_RATE_PER_SECOND: Type.Number({ default: 0, minimum: 0, maximum: 10_000, description: 'requests started per second to one host, per process; 0: no limit' }),
  HOTELS_TIMEOUT_MS: Type.Integer({ default: 15_000, minimum: 100, maximum: 600_000, description: 'one request attempt (connect, answer, body) that takes longer fails and is retried' }),
  HOTELS_MAX_PAGES: Type.Integer({ default: 1000, minimum: 1, maximum: 100_000, description: 'list and hotel pages one search fetches at most' }),
  HOTELS_USER_AGENT: Type.String({ default: 'FlotillaHotels/0.1 (demo scraper)', minLength: 1, maxLength: 300, description: 'sent with every request, and matched against robots.txt' }),
  HOTELS_RESPECT_ROBOTS: Type.Boolean({ default: true, description: 'honour robots.txt (true or false)' }),
  HOTELS_PARSE_THREADS: Type.Integer({ default: 2, minimum: 0, maximum: 32, description: 'worker threads parsing pages, per process; 0 parses on the event loop (a baseline to measure against)' }),
})
export type HotelsConfig = Static<typeof HotelsConfig>
