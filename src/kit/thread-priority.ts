import { setPriority } from 'node:os'

/**
 * Puts the calling thread below the event loop's in the scheduler's eyes, so that a
 * process whose worker threads keep every core busy still answers requests first. On
 * Linux a nice value belongs to a thread, and pid 0 names the calling one, so this lowers
 * only the thread that calls it. Elsewhere, or where it is not permitted (some
 * containers), the thread keeps the process's priority; returns whether it was lowered.
 */
export function lowerThreadPriority(nice = 10): boolean {
  if (process.platform !== 'linux') return false
  try {
    setPriority(0, nice)
    return true
  } catch {
    return false
  }
}
