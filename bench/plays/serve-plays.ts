// Flotilla with only the plays service, so that the bench measures plays' memory and
// nothing the other services hold.
import { createRuntime } from '../../src/kit/runtime.ts'
import { playsService } from '../../src/services/plays/index.ts'

const runtime = await createRuntime({ services: [playsService], env: process.env })
await runtime.listen()
const stop = (): void => void runtime.close().then(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
