import type { FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { readRecord } from './csv-record.ts'
import { RunWriter } from './run-file.ts'
import type { KeyOutput } from './sorted-source.ts'

const SAMPLES = 64
const WINDOW = 32 * 1024

function compareBytes(a: Uint8Array, aStart: number, aLen: number, b: Uint8Array): number {
  const n = aLen < b.length ? aLen : b.length
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[i]!
    if (d !== 0) return d
  }
  return aLen - b.length
}

/**
 * Titles that cut the key space into `parts` ranges holding about as many rows each,
 * from a sample of the file, so that each thread can merge one range of every run. A
 * sample line misread (inside a quoted field) only makes the ranges less even.
 */
export async function sampleSplitters(file: FileHandle, size: number, parts: number): Promise<Uint8Array[]> {
  if (parts < 2) return []
  const songs: Uint8Array[] = []
  const buf = Buffer.allocUnsafe(WINDOW)
  for (let i = 0; i < SAMPLES; i++) {
    const { bytesRead } = await file.read(buf, 0, WINDOW, Math.floor((size * i) / SAMPLES))
    let pos = buf.subarray(0, bytesRead).indexOf(10) + 1
    while (pos > 0 && pos < bytesRead) {
      const record = readRecord(buf, pos, bytesRead, false)
      if (!record) break
      if (record.fields.length === 3 && record.fields[0]!.length > 0) songs.push(Buffer.from(record.fields[0]!))
      pos = record.end
    }
  }
  songs.sort((a, b) => Buffer.compare(a, b))
  if (songs.length < parts) return []
  return Array.from({ length: parts - 1 }, (_, i) => songs[Math.floor(((i + 1) * songs.length) / parts)]!)
}

/**
 * A sorted run written as one file per key range: part p holds the songs from splitter
 * p - 1 on. Keys arrive in order, so the parts are written one after the other, through
 * one buffer that the caller keeps from spill to spill.
 */
export class PartitionedRun implements KeyOutput {
  private readonly paths: Array<string | undefined> = []
  private writer: RunWriter | undefined
  private part = 0

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly splitters: Uint8Array[],
    private readonly buffer: Buffer,
  ) {}

  write(buf: Uint8Array, songStart: number, songLen: number, date: number, sum: number, big: bigint): void {
    while (this.part < this.splitters.length && compareBytes(buf, songStart, songLen, this.splitters[this.part]!) >= 0) this.part++
    if (this.paths[this.part] === undefined) {
      this.writer?.close()
      const file = (this.paths[this.part] = path.join(this.dir, `${this.name}.p${this.part}.run`))
      this.writer = new RunWriter(file, this.buffer)
    }
    this.writer!.write(buf, songStart, songLen, date, sum, big)
  }

  /** The files written, by part (a part with no key has none). */
  close(): string[][] {
    this.writer?.close()
    this.writer = undefined
    return Array.from({ length: this.splitters.length + 1 }, (_, p) => (this.paths[p] === undefined ? [] : [this.paths[p]]))
  }
}
