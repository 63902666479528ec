import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export class DiskFullError extends Error {
  constructor() {
    super('the disk is full: the upload could not be stored')
    this.name = 'DiskFullError'
  }
}

/** Where a task's files live under the service's directory: uploads, results, scratch. */
export class PlaysStorage {
  constructor(readonly dir: string) {}

  input(id: string): string {
    return path.join(this.dir, 'inputs', `${id}.csv`)
  }

  output(id: string): string {
    return path.join(this.dir, 'outputs', `${id}.csv`)
  }

  work(id: string): string {
    return path.join(this.dir, 'work', id)
  }

  async init(): Promise<void> {
    await Promise.all(['inputs', 'outputs', 'work'].map((d) => mkdir(path.join(this.dir, d), { recursive: true })))
  }

  /**
   * Streams an upload to disk under a temporary name, renamed once complete, so a task
   * never sees half a file; memory holds one chunk at a time whatever the file's size.
   * The file is on disk (fsync) before the upload is answered: an accepted upload survives
   * a machine crash, and its writeback is not left to compete with the task processing it.
   */
  async saveUpload(source: Readable): Promise<{ id: string; bytes: number }> {
    const id = randomUUID()
    const part = `${this.input(id)}.part`
    let bytes = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        done(null, chunk)
      },
    })
    try {
      await pipeline(source, count, createWriteStream(part, { flush: true }))
      await rename(part, this.input(id))
    } catch (error) {
      await rm(part, { force: true })
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new DiskFullError()
      throw error
    }
    return { id, bytes }
  }

  async removeInput(id: string): Promise<void> {
    await rm(this.input(id), { force: true })
  }

  async removeOutput(id: string): Promise<void> {
    await rm(this.output(id), { force: true })
  }

  /** Every file of a task: its input, its output and its scratch directory. */
  async removeAll(id: string): Promise<void> {
    await Promise.all([this.removeInput(id), this.removeOutput(id), rm(this.work(id), { recursive: true, force: true })])
  }
}
