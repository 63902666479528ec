export interface ParsedIds {
  /** Distinct integer ids, in the order first typed. */
  ids: number[]
  /** Tokens that are not integers. */
  invalid: string[]
}

/** Splits "1, 2 3\n4" into ids; duplicates collapse as they do on the server. */
export function parseIds(text: string): ParsedIds {
  const ids: number[] = []
  const seen = new Set<number>()
  const invalid: string[] = []
  for (const token of text.split(/[\s,;]+/)) {
    if (token === '') continue
    const id = /^[+-]?\d+$/.test(token) ? Number(token) : Number.NaN
    if (!Number.isSafeInteger(id)) {
      invalid.push(token)
      continue
    }
    if (!seen.has(id)) {
      seen.add(id)
      ids.push(id)
    }
  }
  return { ids, invalid }
}
