/** What a websocket client may send the progress hub. */
export type Command = { subscribe: number } | { unsubscribe: number } | { error: string }

const USAGE = 'send {"subscribe": <job id>} or {"unsubscribe": <job id>}'

/** What a client may send: one small JSON object naming one search. */
export function parseCommand(text: string): Command {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: `not JSON; ${USAGE}` }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: USAGE }
  const entries = Object.entries(value)
  const [name, raw] = entries[0] ?? []
  if (entries.length !== 1 || (name !== 'subscribe' && name !== 'unsubscribe')) return { error: USAGE }
  const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return { error: `${name} takes a job id (a positive integer); ${USAGE}` }
  return name === 'subscribe' ? { subscribe: id } : { unsubscribe: id }
}
