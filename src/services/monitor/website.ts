import { regexProblem } from './regex-syntax.ts'

export type WebsiteState = 'unknown' | 'up' | 'down'

/** A monitored website, as the service sees it (rows are mapped at the repository edge). */
export interface Website {
  id: number
  url: string
  intervalSeconds: number
  /** The user's pattern as given (Python syntax is accepted; see regex-syntax.ts). */
  regex: string | null
  /** When set, a check whose body has no match counts as down. */
  regexMustMatch: boolean
  /** Failed checks in a row before the website is down; null: the service default. */
  failureThreshold: number | null
  webhookUrl: string | null
  paused: boolean
  state: WebsiteState
  stateSince: number | null
  createdAt: number
  updatedAt: number
}

export interface WebsiteInput {
  url: string
  intervalSeconds: number
  regex?: string | null
  regexMustMatch?: boolean
  failureThreshold?: number | null
  webhookUrl?: string | null
  paused?: boolean
}

export const MIN_INTERVAL = 5
export const MAX_INTERVAL = 300
export const MAX_URL_LENGTH = 2048

export type InputProblem = { field: 'url' | 'intervalSeconds' | 'regex' | 'failureThreshold' | 'webhookUrl'; reason: string }

/** Why `text` is not an absolute http(s) URL, or undefined when it is one. */
export function urlProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length === 0) return 'must be an absolute http(s) URL'
  if (text.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'must be an absolute http(s) URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http(s) URL'
  if (!url.hostname) return 'must name a host'
  return undefined
}

export function intervalProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_INTERVAL || value > MAX_INTERVAL) {
    return `must be an integer from ${MIN_INTERVAL} to ${MAX_INTERVAL} (seconds)`
  }
  return undefined
}

/** Checks a website's settings; the first problem found, or undefined. */
export function checkWebsiteInput(input: WebsiteInput): InputProblem | undefined {
  const url = urlProblem(input.url)
  if (url) return { field: 'url', reason: url }
  const interval = intervalProblem(input.intervalSeconds)
  if (interval) return { field: 'intervalSeconds', reason: interval }
  if (input.regex !== undefined && input.regex !== null) {
    const regex = regexProblem(input.regex)
    if (regex) return { field: 'regex', reason: regex }
  }
  const threshold = input.failureThreshold
  if (threshold !== undefined && threshold !== null && !(Number.isInteger(threshold) && threshold >= 1 && threshold <= 100)) {
    return { field: 'failureThreshold', reason: 'must be an integer from 1 to 100' }
  }
  if (input.webhookUrl !== undefined && input.webhookUrl !== null) {
    const webhook = urlProblem(input.webhookUrl)
    if (webhook) return { field: 'webhookUrl', reason: webhook }
  }
  return undefined
}

/** An empty regex means none, as the original's optional field did. */
export function normalizeRegex(regex: string | null | undefined): string | null {
  return regex === undefined || regex === null || regex === '' ? null : regex
}
