// The part of pg-cursor (which ships no types) that the console uses.
declare module 'pg-cursor' {
  import type { Submittable } from 'pg'

  export default class Cursor implements Submittable {
    constructor(text: string, values?: unknown[] | null, config?: { rowMode?: 'array' })
    submit: Submittable['submit']
    read(rows: number): Promise<unknown[]>
    close(): Promise<void>
    /** Private in pg-cursor, but the only place the column names are kept. */
    _result: { fields: Array<{ name: string }> }
  }
}
