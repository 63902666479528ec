import { createHash } from 'node:crypto'

// A fixed namespace makes the ids name-based (UUID version 5): the same event always
// gets the same id, in every process and after every re-ingestion.
const NAMESPACE = Buffer.from('6f1e5c2a9b7d4e0f8a3c1b2d4e6f8091', 'hex')

/** The 16 bytes of an event's id, from its identity (base_event_id, event_id). */
export function eventIdBytes(baseEventId: string, eventId: string): Uint8Array {
  const hash = createHash('sha1').update(NAMESPACE).update(`${baseEventId}\u0000${eventId}`).digest()
  const bytes = new Uint8Array(hash.buffer, hash.byteOffset, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  return bytes
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The canonical 8-4-4-4-12 form of the 16 bytes at `offset`. */
export function formatUuid(bytes: Uint8Array, offset = 0): string {
  let out = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-'
    out += HEX[bytes[offset + i]!]!
  }
  return out
}

export function eventUuid(baseEventId: string, eventId: string): string {
  return formatUuid(eventIdBytes(baseEventId, eventId))
}

export function parseUuid(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/-/g, ''), 'hex'))
}
