// Runs the monitor bench alone (`node --import tsx bench/monitor/run.ts`) until bench/run.ts lists it.
import { benchMonitor } from '../monitor.ts'

await benchMonitor()
