/** A deterministic random in [0, 1) (a 32-bit LCG): the same seed makes the same inputs in every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
}
