// A worker process for `npm run bench -- jobs`: a WorkerPool running trivial `noop` jobs
// from DATABASE_URL, listening for RabbitMQ signals when BROKER_URL is set; prints
// "ready" once it listens, stops on SIGTERM.
import { Broker } from '../../src/kit/broker/broker.ts'
import { openDatabase } from '../../src/kit/db/database.ts'
import { JobQueue } from '../../src/kit/jobs/queue.ts'
import { WorkerPool } from '../../src/kit/jobs/worker-pool.ts'

const database = openDatabase({ url: process.env.DATABASE_URL, poolSize: Number(process.env.POOL_SIZE ?? 10) })
const queue = new JobQueue(database)
const broker = process.env.BROKER_URL ? new Broker({ url: process.env.BROKER_URL, prefix: process.env.BROKER_PREFIX }) : undefined
if (broker) queue.useSignals(broker.signals)
const pool = new WorkerPool(queue, { noop: { concurrency: Number(process.env.CONCURRENCY ?? 32), handler: async () => {} } })

if (broker) await broker.connected()
pool.start()
await broker?.signals.listening()
process.stdout.write('ready\n')

process.once('SIGTERM', () => {
  pool
    .stop(5_000)
    .then(() => broker?.close())
    .then(() => database.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err)
        process.exit(1)
      },
    )
})
