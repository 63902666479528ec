/**
 * The original ran Python's `re`; its users' patterns use Python syntax. The common
 * differences are translated so such patterns keep working: named groups `(?P<n>…)` and
 * `(?P=n)`, leading inline flags `(?i)`, `\A` and `\Z`. Everything else is JavaScript syntax.
 */
export interface JsRegex {
  source: string
  flags: string
}

export const MAX_REGEX_LENGTH = 1000

const INLINE_FLAGS: Record<string, string> = { i: 'i', m: 'm', s: 's', u: 'u', x: '', a: '', L: '' }

export function toJsRegex(pattern: string): JsRegex {
  let source = pattern
  const flags = new Set<string>()
  const leading = /^\(\?([aiLmsux]+)\)/.exec(source)
  if (leading) {
    for (const f of leading[1]!) if (INLINE_FLAGS[f]) flags.add(INLINE_FLAGS[f])
    source = source.slice(leading[0].length)
  }
  source = source
    .replace(/(^|[^\\])\(\?P</g, '$1(?<')
    .replace(/(^|[^\\])\(\?P=(\w+)\)/g, '$1\\k<$2>')
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\Z/g, '$1$')
  return { source, flags: [...flags].join('') }
}

/** Why the pattern does not compile, or undefined when it does. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `must be at most ${MAX_REGEX_LENGTH} characters`
  try {
    const { source, flags } = toJsRegex(pattern)
    new RegExp(source, flags + 'g')
    return undefined
  } catch (error) {
    // V8's message names the problem ("Unterminated group") and echoes only the pattern.
    return `does not compile: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`
  }
}
