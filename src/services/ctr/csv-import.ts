import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { checkEstimate, type Estimate } from './estimate.ts'
import { BadCsvError } from './errors.ts'
import { withDetails } from '../../kit/http/errors.ts'

const HEADER = ['adId', 'estimatedCVR']

function bad(line: number, message: string): Error {
  return withDetails(new BadCsvError(`line ${line}: ${message}`), { line })
}

function number(text: string): number {
  // Number('') is 0 and Number(' 1 ') is 1: only plain decimal notation counts.
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN
}

/**
 * Reads the original's `adId,estimatedCVR` CSV and yields validated batches. The first
 * bad row stops it with an error naming its line, so callers import all or nothing.
 */
export async function* readEstimatesCsv(input: Readable | string | Buffer, batchSize = 10_000): AsyncGenerator<Estimate[]> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? Readable.from([input]) : input
  const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, max_record_size: 1024 }))
  let batch: Estimate[] = []
  let sawHeader = false
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines
      if (!sawHeader) {
        if (record.length !== 2 || record[0] !== HEADER[0] || record[1] !== HEADER[1]) {
          throw bad(line, `the header must be "${HEADER.join(',')}", got "${record.join(',')}"`)
        }
        sawHeader = true
        continue
      }
      if (record.length !== 2) throw bad(line, `expected 2 fields, got ${record.length}`)
      const adId = number(record[0]!)
      const estimatedCvr = number(record[1]!)
      const problem = checkEstimate(adId, estimatedCvr)
      if (problem) throw bad(line, `${problem.field} ${problem.reason} (got "${problem.field === 'adId' ? record[0] : record[1]}")`)
      batch.push({ adId, estimatedCvr })
      if (batch.length >= batchSize) {
        yield batch
        batch = []
      }
    }
  } catch (error) {
    if (error instanceof BadCsvError) throw error
    const e = error as { code?: string; lines?: number; message?: string }
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) throw bad(e.lines ?? 0, `malformed CSV (${e.code})`)
    throw error
  }
  if (!sawHeader) throw bad(1, `the file is empty; expected the header "${HEADER.join(',')}"`)
  if (batch.length > 0) yield batch
}
