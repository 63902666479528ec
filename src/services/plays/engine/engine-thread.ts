import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { build } from 'esbuild'
import type { FromWorker, ToWorker } from './worker-protocol.ts'

let workerCode: Promise<string> | undefined

/**
 * The engine thread's code: worker.ts and what it imports, bundled by esbuild into one
 * script, once per process (about 10 ms, off the event loop). Two threads loading the
 * TypeScript sources through tsx instead took 245–290 ms to answer and 53–63 MB of RSS;
 * the bundle, 36–39 ms and 11–15 MB (a scratch script, three starts each).
 */
export function engineCode(): Promise<string> {
  workerCode ??= build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text)
  workerCode.catch(() => (workerCode = undefined))
  return workerCode
}

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

  /** `code`: from `engineCode()`. */
  constructor(code: string, onProgress: (bytes: number) => void) {
    this.worker = new Worker(code, { eval: true })
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
