import { InvalidArgumentError, type Command } from 'commander'
import { startDemoSite } from './server.ts'

function number(min: number, max: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`)
    }
    return n
  }
}

function ids(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()))
  if (list.some((n) => !Number.isSafeInteger(n))) throw new InvalidArgumentError('must be hotel ids separated by commas')
  return list
}

interface Options {
  host: string
  port: number
  latencyMs: number
  errorRate: number
  rate429: number
  hotelsPerCity: number
  seed: number
  disallow: string[]
  malformed?: number[]
}

/** `flotilla demo-site`: the generated site HOTELS_SOURCE_URL points at by default. */
export function addDemoSiteCommand(program: Command): void {
  program
    .command('demo-site')
    .description('serve a generated hotel site (typeahead, list and hotel pages, robots.txt) for the hotels service to scrape offline')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (HOTELS_SOURCE_URL defaults to 8090)', number(0, 65535, true), 8090)
    .option('--latency-ms <ms>', 'delay added to every answer', number(0, 60_000, true), 0)
    .option('--error-rate <share>', 'share of page requests answered 5xx', number(0, 1, false), 0)
    .option('--rate-429 <share>', 'share of page requests answered 429 with Retry-After: 1', number(0, 1, false), 0)
    .option('--hotels-per-city <n>', 'hotels in each city (30 to a list page)', number(1, 100_000, true), 90)
    .option('--seed <n>', 'the same seed serves the same site', number(0, 2 ** 32 - 1, true), 1)
    .option('--disallow <path>', 'a path prefix robots.txt disallows (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--malformed <ids>', 'hotel ids whose page is served broken, comma-separated', ids)
    .action(async (options: Options) => {
      const site = await startDemoSite({
        host: options.host,
        port: options.port,
        latencyMs: options.latencyMs,
        errorRate: options.errorRate,
        rate429: options.rate429,
        hotelsPerCity: options.hotelsPerCity,
        seed: options.seed,
        disallow: options.disallow,
        malformedHotels: options.malformed ?? [],
      })
      const example = site.catalog.cities[0]!
      console.log(`demo site on ${site.url}: ${site.catalog.cities.length} cities, ${options.hotelsPerCity} hotels each`)
      console.log(`  e.g. ${site.listUrl(example)}`)
      console.log(`  point the hotels service at it: HOTELS_SOURCE_URL=${site.url}`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await site.close()
    })
}
