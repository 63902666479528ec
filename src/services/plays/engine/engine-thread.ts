import { Worker } from 'node:worker_threads'
import type { FromWorker, ToWorker } from './worker-protocol.ts'

const WORKER_URL = new URL('./worker.ts', import.meta.url).href
const TSX_API = import.meta.resolve('tsx/esm/api')
// The thread loads tsx first, so it runs the TypeScript sources like the main thread does.
const BOOT = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}) })`

export class EngineThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
    this.name = 'EngineThreadError'
  }
}

type Reply = Exclude<FromWorker, { kind: 'progress' } | { kind: 'failed' }>

/** One engine thread, asked one thing at a time. */
export class EngineThread {
  private readonly worker: Worker
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined
  private exited = false

  constructor(onProgress: (bytes: number) => void) {
    this.worker = new Worker(BOOT, { eval: true })
    this.worker.on('message', (message: FromWorker) => {
      if (message.kind === 'progress') return onProgress(message.bytes)
      const pending = this.pending
      this.pending = undefined
      if (message.kind === 'failed') pending?.reject(new EngineThreadError(message.message, message.code))
      else pending?.resolve(message)
    })
    this.worker.on('error', (error) => this.fail(error))
    this.worker.on('exit', (code) => {
      this.exited = true
      this.fail(new Error(`an engine thread stopped (exit code ${code})`))
    })
  }

  request<K extends Reply['kind']>(message: ToWorker, kind: K): Promise<Extract<Reply, { kind: K }>> {
    if (this.exited) return Promise.reject(new Error('the engine thread has stopped'))
    return new Promise((resolve, reject) => {
      this.pending = {
        resolve: (reply) => (reply.kind === kind ? resolve(reply as Extract<Reply, { kind: K }>) : reject(new Error(`expected ${kind}, got ${reply.kind}`))),
        reject,
      }
      this.worker.postMessage(message)
    })
  }

  /** Stops the thread at once, wherever it is (cancel). */
  async stop(): Promise<void> {
    if (!this.exited) await this.worker.terminate()
  }

  private fail(error: Error): void {
    const pending = this.pending
    this.pending = undefined
    pending?.reject(error)
  }
}
