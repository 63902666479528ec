import { FeedError } from './feed-error.ts'

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

export function invalid(message: string): FeedError {
  return new FeedError('invalid_xml', `the feed is not well-formed XML: ${message}`)
}

/** Whether a `>` ends the tag after `from`, skipping quoted values (which may hold `>`). */
export function tagEnds(data: string, from: number): boolean {
  let pos = from
  for (;;) {
    const gt = data.indexOf('>', pos)
    if (gt === -1) return false
    const dq = data.indexOf('"', pos)
    const sq = data.indexOf("'", pos)
    const quote = dq === -1 ? sq : sq === -1 ? dq : Math.min(dq, sq)
    if (quote === -1 || gt < quote) return true
    const close = data.indexOf(data[quote]!, quote + 1)
    if (close === -1) return false
    pos = close + 1
  }
}

export function checkEntities(text: string): void {
  if (text.replace(ENTITY, '').includes('&')) {
    throw invalid('an unknown entity (only &lt; &gt; &amp; &quot; &apos; and character references exist without a DTD)')
  }
}

/** Entities and whitespace as XML defines them for attribute values; no other entity exists. */
export function attributeValue(raw: string): string {
  // Literal tabs and line breaks become spaces; ones written as references stay.
  const value = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw
  if (!value.includes('&')) return value
  checkEntities(value)
  return value.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return PREDEFINED[named]!
    const code = dec ? Number(dec) : Number.parseInt(hex!, 16)
    if (code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) throw invalid('a character reference to no character')
    return String.fromCodePoint(code)
  })
}
