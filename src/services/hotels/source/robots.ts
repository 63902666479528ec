import robotsParserModule from 'robots-parser'

// The package is CommonJS whose export is the function itself; its types say otherwise.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => { isAllowed(url: string, userAgent?: string): boolean | undefined }

/** What fetching robots.txt found: its text, or that the host has none (4xx), or could not say (5xx, unreachable). */
export type RobotsFile = { status: 'found'; text: string } | { status: 'none' } | { status: 'unreachable'; reason: string }

/** Whether a URL may be fetched; when robots.txt could not be read, why. */
export type RobotsVerdict = { allowed: true } | { allowed: false; unreadable?: string }

interface Rules {
  verdict(url: string): RobotsVerdict
  expires: number
}

const FOUND_TTL_MS = 60 * 60 * 1000
const UNREACHABLE_TTL_MS = 60 * 1000

/**
 * robots.txt per origin, read once and kept an hour. As RFC 9309 says: a robots.txt that
 * does not exist (4xx) allows everything; one that cannot be read (5xx, no answer)
 * disallows everything, and is asked for again a minute later.
 */
export class RobotsRules {
  private readonly byOrigin = new Map<string, Promise<Rules>>()

  constructor(
    private readonly userAgent: string,
    private readonly load: (robotsUrl: string, signal?: AbortSignal) => Promise<RobotsFile>,
  ) {}

  async check(url: string, signal?: AbortSignal): Promise<RobotsVerdict> {
    const origin = new URL(url).origin
    let rules = this.byOrigin.get(origin)
    if (rules) {
      const settled = await rules
      if (settled.expires < Date.now()) rules = undefined
    }
    if (!rules) {
      rules = this.read(origin, signal)
      this.byOrigin.set(origin, rules)
      // A failed read (the job's abort) must not stay cached.
      void rules.catch(() => this.byOrigin.delete(origin))
    }
    return (await rules).verdict(url)
  }

  private async read(origin: string, signal?: AbortSignal): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`
    const file = await this.load(robotsUrl, signal)
    if (file.status === 'none') return { verdict: () => ({ allowed: true }), expires: Date.now() + FOUND_TTL_MS }
    if (file.status === 'unreachable') return { verdict: () => ({ allowed: false, unreadable: file.reason }), expires: Date.now() + UNREACHABLE_TTL_MS }
    const robot = robotsParser(robotsUrl, file.text)
    // undefined: the URL is not on this origin, which robots.txt does not govern.
    return { verdict: (url) => ({ allowed: robot.isAllowed(url, this.userAgent) !== false }), expires: Date.now() + FOUND_TTL_MS }
  }
}
