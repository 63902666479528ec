import { fileURLToPath } from 'node:url'
import { Piscina } from 'piscina'
import parsePage, { type ParseResult, type ParseTask } from './parse-task.ts'

export type { ParseResult } from './parse-task.ts'

/** Parses fetched pages; the scraper does not know where. */
export interface PageParser {
  /** The body is moved to the parsing thread: the caller must not read it afterwards. */
  parse(kind: ParseTask['kind'], body: Buffer, url: string): Promise<ParseResult>
  /** Starts the threads now, so that their start overlaps the first fetches. */
  warm(): void
  /** Threads it parses on; 0: the event loop. */
  readonly threads: number
  close(): Promise<void>
}

const WORKER = fileURLToPath(new URL('./parse-worker.js', import.meta.url))

/** A buffer the thread can own: Buffers from Node's pool share their memory and must be copied. */
function ownMemory(body: Buffer): ArrayBuffer {
  const { buffer } = body
  if (buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === buffer.byteLength) return buffer
  return new Uint8Array(body).buffer
}

/**
 * Parsing in a piscina pool, so the event loop keeps serving while pages are parsed. The
 * threads start on first use (loading TypeScript in each takes a few hundred ms), so a
 * process that never scrapes never starts them.
 */
class ThreadParser implements PageParser {
  private pool: Piscina<ParseTask, ParseResult> | undefined

  constructor(readonly threads: number) {}

  parse(kind: ParseTask['kind'], body: Buffer, url: string): Promise<ParseResult> {
    const memory = ownMemory(body)
    return this.start().run({ kind, body: memory, url }, { transferList: [memory] })
  }

  warm(): void {
    this.start()
  }

  private start(): Piscina<ParseTask, ParseResult> {
    this.pool ??= new Piscina<ParseTask, ParseResult>({
      filename: WORKER,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    })
    return this.pool
  }

  async close(): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    await pool?.destroy()
  }
}

/** Parsing on the event loop: the baseline the threads are measured against. */
class InlineParser implements PageParser {
  readonly threads = 0

  async parse(kind: ParseTask['kind'], body: Buffer, url: string): Promise<ParseResult> {
    return parsePage({ kind, body: ownMemory(body), url })
  }

  warm(): void {}

  async close(): Promise<void> {}
}

export function createPageParser(threads: number): PageParser {
  return threads > 0 ? new ThreadParser(threads) : new InlineParser()
}
