import { seedEvents } from './seed.ts'
console.log(await seedEvents(process.argv[2]!, Number(process.argv[3] ?? 1_000_000)))
