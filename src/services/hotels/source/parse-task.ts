import { performance } from 'node:perf_hooks'
import { threadId } from 'node:worker_threads'
import { parseHotelPage, type HotelDetails } from './parse-hotel.ts'
import { parseListPage, type ListPage } from './parse-list.ts'
import { PageFormatError } from './page-format-error.ts'

export interface ParseTask {
  kind: 'list' | 'hotel'
  /** The page's bytes, as UTF-8; moved to the thread, not copied. */
  body: ArrayBuffer
  /** Where the page came from, to make its links absolute. */
  url: string
}

interface Timing {
  parseMs: number
  bytes: number
  /** The thread that parsed it (0: the main thread). */
  threadId: number
}

/** A malformed page is an answer, not an exception: it crosses the thread boundary as data. */
export type ParseResult = ({ ok: true; list: ListPage } & Timing) | ({ ok: true; hotel: HotelDetails } & Timing) | ({ ok: false; error: string } & Timing)

const decoder = new TextDecoder('utf-8')

/** Decodes and parses one page; piscina runs it in a worker thread (parse-worker.js). */
export default function parsePage(task: ParseTask): ParseResult {
  const started = performance.now()
  const timing = (): Timing => ({ parseMs: performance.now() - started, bytes: task.body.byteLength, threadId })
  try {
    const html = decoder.decode(task.body)
    if (task.kind === 'list') return { ok: true, list: parseListPage(html, task.url), ...timing() }
    return { ok: true, hotel: parseHotelPage(html), ...timing() }
  } catch (error) {
    if (error instanceof PageFormatError) return { ok: false, error: error.message, ...timing() }
    throw error
  }
}
