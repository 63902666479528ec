// @ts-check
// Plain JavaScript, loaded without the TypeScript loader: the pool ends this thread
// whenever a pattern overruns its budget, and the respawn must take milliseconds.
import { TextDecoder } from 'node:util'
import { parentPort } from 'node:worker_threads'

const compiled = new Map()

/** @param {string} source @param {string} flags */
function compile(source, flags) {
  const key = `${flags}/${source}`
  let re = compiled.get(key)
  if (!re) {
    if (compiled.size >= 1000) compiled.clear()
    re = new RegExp(source, `${flags}g`)
    compiled.set(key, re)
  }
  re.lastIndex = 0
  return re
}

/** Removes `<…>` tags in one linear pass, as the original's substitution did. @param {string} html */
export function stripTags(html) {
  let out = ''
  let from = 0
  for (;;) {
    const open = html.indexOf('<', from)
    if (open === -1) return out + html.slice(from)
    const close = html.indexOf('>', open + 1)
    if (close === -1) return out + html.slice(from)
    out += html.slice(from, open)
    from = close + 1
  }
}

/** @param {unknown} value @param {number} maxLength */
function clip(value, maxLength) {
  const s = typeof value === 'string' ? value : ''
  return s.length > maxLength ? s.slice(0, maxLength) : s
}

/**
 * Python's findall: the whole match without groups, the group with one, all groups with
 * several; bounded in count and length so one page cannot fill the database.
 * @param {RegExp} re @param {string} text @param {number} maxMatches @param {number} maxLength
 */
function findall(re, text, maxMatches, maxLength) {
  const out = []
  for (;;) {
    const m = re.exec(text)
    if (!m) return out
    if (m[0] === '') re.lastIndex += 1
    const groups = m.length - 1
    out.push(groups === 0 ? clip(m[0], maxLength) : groups === 1 ? clip(m[1], maxLength) : m.slice(1).map((g) => clip(g, maxLength)))
    if (out.length >= maxMatches) return out
  }
}

/** @param {string | undefined} charset */
function decoder(charset) {
  try {
    return new TextDecoder(charset || 'utf-8')
  } catch {
    return new TextDecoder('utf-8')
  }
}

parentPort?.on('message', (/** @type {{id: number, source: string, flags: string, body: ArrayBuffer, charset?: string, maxMatches: number, maxLength: number}} */ job) => {
  let re
  try {
    re = compile(job.source, job.flags)
  } catch {
    parentPort?.postMessage({ id: job.id, error: 'compile' })
    return
  }
  const text = stripTags(decoder(job.charset).decode(job.body))
  parentPort?.postMessage({ id: job.id, matches: findall(re, text, job.maxMatches, job.maxLength) })
})

parentPort?.postMessage({ ready: true })
