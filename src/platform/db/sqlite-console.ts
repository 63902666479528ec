import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChildReply, ChildRequest } from './sqlite-console-child.ts'
import { ConsoleUnavailableError, QueryFailedError, QueryTimeoutError, ReadOnlyRefusedError, type ConsoleLimits, type ConsoleResult, type ReadOnlyConsole } from './console-types.ts'

const CHILD = fileURLToPath(new URL('./sqlite-console-child.ts', import.meta.url))
const TSX = import.meta.resolve('tsx')
/** A loaded machine may take long to start a process; this is not the query's limit. */
const START_TIMEOUT_MS = 30_000

/**
 * Queries run one at a time in a child process holding a read-only connection; a query
 * over the time limit costs the child its life, and the next query starts a new one.
 */
export class SqliteConsole implements ReadOnlyConsole {
  private child: Promise<ChildProcess> | undefined
  private chain: Promise<unknown> = Promise.resolve()
  private sequence = 0
  private closed = false

  constructor(private readonly file: string) {}

  query(sql: string, limits: ConsoleLimits): Promise<ConsoleResult> {
    const run = this.chain.then(() => this.run(sql, limits))
    this.chain = run.catch(() => {})
    return run
  }

  private start(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = fork(CHILD, [this.file], { execArgv: ['--import', TSX], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      const fail = (why: string) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(new ConsoleUnavailableError(`the SQL console could not start (${why})`))
      }
      const timer = setTimeout(() => fail('timed out'), START_TIMEOUT_MS)
      child.once('message', () => {
        clearTimeout(timer)
        resolve(child)
      })
      child.once('exit', (code) => fail(`exited with ${code}`))
      child.once('error', (error) => fail(error.message))
    })
  }

  private async run(sql: string, limits: ConsoleLimits): Promise<ConsoleResult> {
    if (this.closed) throw new ConsoleUnavailableError('the server is shutting down')
    this.child ??= this.start()
    let child: ChildProcess
    try {
      child = await this.child
    } catch (error) {
      this.child = undefined
      throw error
    }
    const request: ChildRequest = { id: ++this.sequence, sql, maxRows: limits.maxRows }
    const started = performance.now()
    const reply = await new Promise<ChildReply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
      }
      const onMessage = (message: ChildReply) => {
        if (message.id !== request.id) return
        done()
        resolve(message)
      }
      const onExit = () => {
        done()
        this.child = undefined
        reject(new ConsoleUnavailableError('the SQL console process ended; try again'))
      }
      const timer = setTimeout(() => {
        done()
        this.child = undefined
        child.kill('SIGKILL')
        reject(new QueryTimeoutError(limits.timeoutMs))
      }, limits.timeoutMs)
      child.on('message', onMessage)
      child.once('exit', onExit)
      child.send(request)
    })
    if (!reply.ok) throw reply.kind === 'read-only' ? new ReadOnlyRefusedError(reply.message) : new QueryFailedError(reply.message)
    return { columns: reply.columns, rows: reply.rows, truncated: reply.truncated, durationMs: performance.now() - started }
  }

  async close(): Promise<void> {
    this.closed = true
    const child = this.child
    this.child = undefined
    if (child) (await child.catch(() => undefined))?.kill('SIGKILL')
  }
}
