const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML (and SVG) element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

/** An href that cannot run script: same-site paths, fragments, http(s) only; anything else becomes '#'. */
export function safeHref(href: string): string {
  const trimmed = href.trim()
  if (/^(\/(?!\/)|#|https?:\/\/)/i.test(trimmed) || trimmed === '/') return escapeHtml(trimmed)
  return '#'
}
