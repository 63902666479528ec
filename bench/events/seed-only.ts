// `node --import tsx bench/events/seed-only.ts DIR N`: fills DIR's SQLite database with N
// events and prints the seconds it took (a child process of the search bench).
import { seedEvents } from './seed.ts'

console.log(await seedEvents(process.argv[2]!, Number(process.argv[3] ?? 1_000_000)))
