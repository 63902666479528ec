import { FeedError } from './feed-error.ts'
import { attributeValue, checkEntities, invalid, tagEnds } from './xml-text.ts'

export interface TokenHandler {
  open(name: string, attributes: Record<string, string>): void
  close(name: string): void
}

const NAME = /[A-Za-z_:][\w.:-]*/y
const ATTRIBUTE = /\s+([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y
const TAG_END = /\s*(\/?)>/y
const WHITESPACE = /^\s*$/
/** A feed nests five deep (eventList, output, base_event, event, zone); far deeper is an attack on the stack of open names. */
export const MAX_DEPTH = 64
const ENCODING = /\sencoding\s*=\s*["']([^"']*)["']/
const UTF8 = /^utf-?8$/i


/**
 * A strict, streaming XML tokenizer for the provider's feed: elements and attributes
 * only. It finds markup with native `indexOf` and reads attributes with sticky regular
 * expressions, which is several times faster than a character-by-character parser on a
 * feed made almost entirely of attributes. It refuses what a feed has no use for and an
 * attacker does: DTDs (so no entity can be declared or expanded), unknown entities,
 * tags, comments or text runs longer than `maxTokenChars`, nesting deeper than
 * `MAX_DEPTH`, anything after the root.
 */
export class XmlTokenizer {
  private buffer = ''
  private readonly stack: string[] = []
  private rootSeen = false
  private declarationAllowed = true

  constructor(
    private readonly handler: TokenHandler,
    private readonly maxTokenChars: number,
  ) {}

  get depth(): number {
    return this.stack.length
  }

  get rootOpened(): boolean {
    return this.rootSeen
  }

  get rootClosed(): boolean {
    return this.rootSeen && this.stack.length === 0
  }

  write(text: string): void {
    const data = this.buffer.length === 0 ? text : this.buffer + text
    let pos = 0
    for (;;) {
      const lt = data.indexOf('<', pos)
      // Text is kept until its end is known, so an entity is never read in halves.
      if (lt === -1) break
      if (lt > pos) this.text(data, pos, lt)
      const next = this.markup(data, lt)
      if (next === -1) {
        pos = lt
        break
      }
      if (next - lt > this.maxTokenChars) throw this.tooLong()
      pos = next
    }
    this.buffer = pos === data.length ? '' : data.slice(pos)
    if (this.buffer.length > this.maxTokenChars) throw this.tooLong()
  }

  private tooLong(): FeedError {
    return new FeedError('refused', `the feed has a tag, comment or text longer than ${this.maxTokenChars} characters`)
  }

  /** Checks that nothing is left half-read. */
  end(): void {
    if (this.buffer.length === 0) return
    if (this.buffer.charCodeAt(0) === 0x3c /* < */) throw invalid('the feed ends inside a tag')
    this.text(this.buffer, 0, this.buffer.length)
  }

  /** Character data is of no use to the feed, but it must be well-formed: blank outside the root, known entities. */
  private text(data: string, from: number, to: number): void {
    if (to - from > this.maxTokenChars) throw this.tooLong()
    const text = data.slice(from, to)
    if (this.stack.length === 0 && !WHITESPACE.test(text)) throw invalid('text outside the root element')
    if (text.includes('&')) checkEntities(text)
    this.declarationAllowed = false
  }

  /** Reads the markup at `lt`; returns where it ends, or -1 when more input is needed. */
  private markup(data: string, lt: number): number {
    const c = data.charCodeAt(lt + 1)
    if (Number.isNaN(c)) return -1
    if (c === 0x3f /* ? */) return this.instruction(data, lt)
    if (c === 0x21 /* ! */) return this.declaration(data, lt)
    if (c === 0x2f /* / */) return this.closeTag(data, lt)
    return this.openTag(data, lt)
  }

  private instruction(data: string, lt: number): number {
    const end = data.indexOf('?>', lt + 2)
    if (end === -1) return -1
    const body = data.slice(lt + 2, end)
    if (/^xml\s/i.test(body) || body === 'xml') {
      if (!this.declarationAllowed || lt !== 0) throw invalid('the XML declaration is not at the start')
      const encoding = ENCODING.exec(body)?.[1]
      if (encoding !== undefined && !UTF8.test(encoding)) throw new FeedError('invalid_xml', `the feed declares encoding ${encoding.slice(0, 20)}; only UTF-8 is read`)
    }
    this.declarationAllowed = false
    return end + 2
  }

  private declaration(data: string, lt: number): number {
    this.declarationAllowed = false
    if (data.startsWith('<!--', lt)) {
      const end = data.indexOf('-->', lt + 4)
      return end === -1 ? -1 : end + 3
    }
    if (data.startsWith('<![CDATA[', lt)) {
      if (this.stack.length === 0) throw invalid('CDATA outside the root element')
      const end = data.indexOf(']]>', lt + 9)
      return end === -1 ? -1 : end + 3
    }
    if (data.startsWith('<!DOCTYPE', lt)) throw new FeedError('refused', 'the feed has a DOCTYPE; DTDs and entity declarations are refused')
    const rest = data.slice(lt, lt + 9)
    if (rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((m) => m.startsWith(rest))) return -1
    throw invalid('an unknown <! declaration')
  }

  private closeTag(data: string, lt: number): number {
    const end = data.indexOf('>', lt + 2)
    if (end === -1) return -1
    const name = data.slice(lt + 2, end).trimEnd()
    const open = this.stack.pop()
    if (open !== name) throw invalid(open === undefined ? `</${name.slice(0, 40)}> closes nothing` : `</${name.slice(0, 40)}> closes <${open}>`)
    this.handler.close(name)
    return end + 1
  }

  private openTag(data: string, lt: number): number {
    if (this.rootClosed) throw invalid('content after the root element')
    NAME.lastIndex = lt + 1
    const name = NAME.exec(data)?.[0]
    if (name === undefined) return this.incomplete(data, lt + 1, 'a tag without a name')
    let pos = lt + 1 + name.length
    const attributes: Record<string, string> = {}
    for (;;) {
      ATTRIBUTE.lastIndex = pos
      const m = ATTRIBUTE.exec(data)
      if (!m) break
      const key = m[1]!
      if (Object.hasOwn(attributes, key)) throw invalid(`attribute ${key.slice(0, 40)} given twice`)
      attributes[key] = attributeValue(m[2] ?? m[3]!)
      pos = ATTRIBUTE.lastIndex
    }
    TAG_END.lastIndex = pos
    const end = TAG_END.exec(data)
    if (!end) return this.incomplete(data, pos, `a malformed <${name.slice(0, 40)}> tag`)
    this.declarationAllowed = false
    this.rootSeen = true
    if (this.stack.length === MAX_DEPTH) throw new FeedError('refused', `the feed nests elements deeper than ${MAX_DEPTH}`)
    this.stack.push(name)
    this.handler.open(name, attributes)
    if (end[1] === '/') {
      this.stack.pop()
      this.handler.close(name)
    }
    return TAG_END.lastIndex
  }

  /** A tag that does not parse is either cut short by the end of the input so far, or broken. */
  private incomplete(data: string, from: number, problem: string): number {
    if (!tagEnds(data, from)) return -1
    throw invalid(problem)
  }
}
