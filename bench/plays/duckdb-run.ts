// A child process of the bench: DuckDB's GROUP BY + ORDER BY over the input, written as CSV.
import { DuckDBInstance } from '@duckdb/node-api'

const [input, output, threads, memory] = process.argv.slice(2)
const options: Record<string, string> = { threads: threads ?? '2' }
if (memory) options.memory_limit = memory
const instance = await DuckDBInstance.create(':memory:', options)
const connection = await instance.connect()
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`
const started = performance.now()
await connection.run(`
  COPY (
    SELECT Song, "Date", sum("Number of Plays") AS "Total Number of Plays for Date"
    FROM read_csv(${quote(input!)}, header = true, columns = {'Song': 'VARCHAR', 'Date': 'DATE', 'Number of Plays': 'BIGINT'})
    GROUP BY Song, "Date"
    ORDER BY Song, "Date"
  ) TO ${quote(output!)} (HEADER, DELIMITER ',')`)
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }))
