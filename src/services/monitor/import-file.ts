import { parse } from 'csv-parse/sync'
import { withDetails } from '../../kit/http/errors.ts'
import { BadImportError } from './errors.ts'
import type { WebsiteInput } from './website.ts'

export const MAX_IMPORT = 100_000

/** Either interface's field names: the original's (website_url, …) or the new API's (url, …). */
function fromRecord(record: Record<string, unknown>, where: string): WebsiteInput {
  const url = record.url ?? record.website_url
  const interval = record.intervalSeconds ?? record.monitoring_interval ?? record.interval
  const regex = record.regex
  if (typeof url !== 'string') throw withDetails(new BadImportError(`${where}: url (or website_url) is missing`), { where })
  const intervalSeconds = typeof interval === 'number' ? interval : typeof interval === 'string' && /^\s*\d+\s*$/.test(interval) ? Number(interval) : Number.NaN
  const input: WebsiteInput = { url: url.trim(), intervalSeconds }
  if (typeof regex === 'string' && regex !== '') input.regex = regex
  if (typeof record.regexMustMatch === 'boolean') input.regexMustMatch = record.regexMustMatch
  if (typeof record.failureThreshold === 'number') input.failureThreshold = record.failureThreshold
  if (typeof record.webhookUrl === 'string') input.webhookUrl = record.webhookUrl
  if (typeof record.paused === 'boolean') input.paused = record.paused
  return input
}

/**
 * Reads a list of websites from JSON (an array, or {"websites": [...]}) or CSV with a
 * header naming the columns (website_url or url, monitoring_interval or intervalSeconds,
 * regex). Malformed input names where it went wrong.
 */
export function parseWebsiteList(text: string): WebsiteInput[] {
  const trimmed = text.trimStart()
  let records: Array<Record<string, unknown>>
  let label: (i: number) => string
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new BadImportError('the file is neither valid JSON nor CSV')
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { websites?: unknown } | null)?.websites
    if (!Array.isArray(list)) throw new BadImportError('JSON must be an array of websites or {"websites": [...]}')
    records = list.map((item, i) => {
      if (item === null || typeof item !== 'object') throw withDetails(new BadImportError(`websites[${i}] is not an object`), { index: i })
      return item as Record<string, unknown>
    })
    label = (i) => `websites[${i}]`
  } else {
    try {
      records = parse<Record<string, string>>(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: 8192 })
    } catch (error) {
      const e = error as { code?: string; lines?: number }
      throw withDetails(new BadImportError(`malformed CSV at line ${e.lines ?? '?'} (${e.code ?? 'parse error'})`), { line: e.lines })
    }
    label = (i) => `line ${i + 2}`
  }
  if (records.length > MAX_IMPORT) throw new BadImportError(`at most ${MAX_IMPORT} websites per import; this one has ${records.length}`)
  return records.map((r, i) => fromRecord(r, label(i)))
}
