import { Worker } from 'node:worker_threads'
import type { Match } from '../check.ts'
import type { JsRegex } from '../regex-syntax.ts'

const THREAD_URL = new URL('./regex-thread.js', import.meta.url)

export type RegexResult = { matches: Match[] } | { error: 'timeout' | 'compile' | 'crashed' }

export interface RegexPoolOptions {
  threads: number
  /** Longest a match may run; a pattern that takes longer is cut off and recorded as a regex error. */
  budgetMs: number
  maxMatches?: number
  maxMatchLength?: number
}

interface Job {
  id: number
  regex: JsRegex
  body: Buffer
  charset: string | undefined
  resolve: (result: RegexResult) => void
}

interface Slot {
  worker: Worker
  /** The thread has loaded: a budget must not count its start-up. */
  ready: boolean
  job: Job | undefined
  timer: NodeJS.Timeout | undefined
}

/**
 * Runs users' patterns in worker threads, one match at a time per thread, each under a
 * time budget. V8's backtracking engine cannot be interrupted from inside, but a thread
 * can be terminated from outside: a catastrophic pattern costs its budget and a respawn,
 * never the event loop that keeps the checks on time.
 */
export class RegexPool {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false

  constructor(private readonly options: RegexPoolOptions) {
    for (let i = 0; i < Math.max(1, options.threads); i++) {
      const slot: Slot = { worker: undefined as unknown as Worker, ready: false, job: undefined, timer: undefined }
      this.spawn(slot)
      this.slots.push(slot)
    }
  }

  /** `body` must own its memory (not a pooled slice): it is transferred to the thread. */
  match(regex: JsRegex, body: Buffer, charset?: string): Promise<RegexResult> {
    if (this.closed) return Promise.resolve({ error: 'crashed' })
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, regex, body, charset, resolve })
      this.pump()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.resolve({ error: 'crashed' })
    await Promise.all(this.slots.map((slot) => this.finish(slot, { error: 'crashed' }, false)))
  }

  private spawn(slot: Slot): void {
    const worker = new Worker(THREAD_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256 } })
    worker.unref()
    slot.worker = worker
    slot.ready = false
    worker.on('message', (message: { id: number; ready?: true; matches?: Match[]; error?: 'compile' }) => {
      if (message.ready) {
        slot.ready = true
        return this.pump()
      }
      if (slot.job?.id !== message.id) return
      void this.finish(slot, message.matches ? { matches: message.matches } : { error: message.error ?? 'crashed' }, true)
    })
    worker.on('error', () => void this.finish(slot, { error: 'crashed' }, true, true))
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue
      const job = this.queue.shift()!
      slot.job = job
      slot.timer = setTimeout(() => void this.finish(slot, { error: 'timeout' }, true, true), this.options.budgetMs)
      const whole = job.body.byteOffset === 0 && job.body.byteLength === job.body.buffer.byteLength
      const body = (whole ? job.body.buffer : job.body.buffer.slice(job.body.byteOffset, job.body.byteOffset + job.body.byteLength)) as ArrayBuffer
      slot.worker.postMessage(
        { id: job.id, source: job.regex.source, flags: job.regex.flags, body, charset: job.charset, maxMatches: this.options.maxMatches ?? 100, maxLength: this.options.maxMatchLength ?? 500 },
        [body],
      )
    }
  }

  /** Settles the slot's job; a stuck or broken thread is replaced before the next job. */
  private async finish(slot: Slot, result: RegexResult, pumpAfter: boolean, replace = false): Promise<void> {
    clearTimeout(slot.timer)
    slot.timer = undefined
    const job = slot.job
    slot.job = undefined
    job?.resolve(result)
    if (replace || this.closed) {
      const old = slot.worker
      old.removeAllListeners('message')
      old.removeAllListeners('error')
      old.on('error', () => {})
      if (!this.closed) this.spawn(slot)
      await old.terminate()
    }
    if (pumpAfter && !this.closed) this.pump()
  }
}
