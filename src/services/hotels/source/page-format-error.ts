/** A page that arrived but does not read as the profile expects: reported, never retried. */
export class PageFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PageFormatError'
  }
}
