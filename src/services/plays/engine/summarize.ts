import type { RangeResult } from './aggregate.ts'
import type { RowProblem } from './row-parser.ts'

/** The task fails with this message, shown to the user as it is. */
export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'TaskFailure'
  }
}

function failure(problem: RowProblem): TaskFailure {
  return new TaskFailure(`line ${problem.line}: ${problem.reason}`, { line: problem.line })
}

/** Turns the ranges' results into the file's: lines counted from the file's start, first problem first. */
export function summarize(results: RangeResult[], skip: boolean): { rows: number; skipped: number; problems: RowProblem[] } {
  let offset = 0
  let rows = 0
  let skipped = 0
  const problems: RowProblem[] = []
  for (const r of results) {
    const shift = (p: RowProblem): RowProblem => ({ line: p.line + offset, reason: p.reason })
    if (r.fatal) throw failure(shift(r.fatal))
    if (!skip && r.problems.length > 0) throw failure(shift(r.problems[0]!))
    for (const p of r.problems) if (problems.length < 5) problems.push(shift(p))
    rows += r.rows
    skipped += r.skipped
    offset += r.newlines
  }
  if (rows === 0) {
    if (skipped > 0) throw new TaskFailure(`no valid rows: all ${skipped} rows were skipped (first: line ${problems[0]!.line}: ${problems[0]!.reason})`)
    throw new TaskFailure('the file has a header but no rows')
  }
  return { rows, skipped, problems }
}
