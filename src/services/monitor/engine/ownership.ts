function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h >>> 0
}

/**
 * Which engine checks a website: the highest hash of (engine, website) wins (rendezvous
 * hashing), so when an engine joins or leaves only its share of websites moves.
 */
export function ownerOf(websiteId: number, engines: readonly string[]): string | undefined {
  let best: string | undefined
  let bestScore = -1
  for (const engine of engines) {
    const score = hash(`${engine}:${websiteId}`)
    if (score > bestScore || (score === bestScore && best !== undefined && engine < best)) {
      best = engine
      bestScore = score
    }
  }
  return best
}
