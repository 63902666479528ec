import type { Document } from 'domhandler'
import { DomHandler, Parser } from 'htmlparser2'
import { PageFormatError } from './page-format-error.ts'

/**
 * Deepest element nesting a page may have. Real hotel and list pages nest a few dozen
 * levels; domutils' tree walks (which css-select runs on) cost O(depth²), so a page of
 * 8 MB of `<div>` (1.6 million levels) would hold a parse thread for hours.
 */
export const MAX_DEPTH = 512

/** DomHandler that refuses a page once its open elements nest deeper than MAX_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.tagStack.length > MAX_DEPTH) throw new PageFormatError(`the page nests elements deeper than ${MAX_DEPTH} levels`)
    super.onopentag(name, attribs)
  }
}

/** The page's document, as `parseDocument` builds it, or a PageFormatError for a page nested too deep. */
export function parsePageDocument(html: string): Document {
  const handler = new DepthLimitedHandler()
  new Parser(handler).end(html)
  return handler.root
}
