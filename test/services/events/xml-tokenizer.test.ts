import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SaxesParser } from 'saxes'
import { FeedError } from '../../../src/services/events/feed-error.ts'
import { XmlTokenizer } from '../../../src/services/events/xml-tokenizer.ts'
import { sample } from './provider.ts'

type Outcome = { events: string[] } | { error: true }

/** What our tokenizer reads from a document written in pieces of `chunk` characters. */
function ours(xml: string, chunk = xml.length): Outcome {
  const events: string[] = []
  const tokens = new XmlTokenizer({ open: (name, attributes) => events.push(`<${name} ${JSON.stringify(attributes)}`), close: (name) => events.push(`</${name}`) }, 1 << 20)
  try {
    for (let i = 0; i < xml.length; i += Math.max(chunk, 1)) tokens.write(xml.slice(i, i + chunk))
    tokens.end()
    if (!tokens.rootClosed) return { error: true }
    return { events }
  } catch (error) {
    assert.ok(error instanceof FeedError, String(error))
    return { error: true }
  }
}

/** What saxes, a conforming parser, reads: the oracle. */
function oracle(xml: string): Outcome {
  const events: string[] = []
  const parser = new SaxesParser()
  parser.on('opentag', (tag) => events.push(`<${tag.name} ${JSON.stringify(tag.attributes)}`))
  parser.on('closetag', (tag) => events.push(`</${tag.name}`))
  try {
    parser.write(xml).close()
    return { events }
  } catch {
    return { error: true }
  }
}

const wellFormed = [
  `<a x="1" y='2'/>`,
  `<a x="a &gt; b &amp; c &#65;&#x42; &quot;q&quot; &apos;s&apos; &lt;"/>`,
  `<a x="has > inside" y='and "quotes"'><b/></a>`,
  `<?xml version="1.0" encoding="utf-8"?>\n<a><!-- c --><![CDATA[ <not> & ]]><?pi data?></a>`,
  `<a>text &amp; more &#x263A;</a>`,
  `<a\n  x="1"\n\ty = "2"\n></a >\n`,
  `<a x="line\nbreak\ttab\r\nend" y="&#10;kept&#9;"/>`,
  `<a/>\n<!-- after the root -->\n<?pi after?>\n`,
  `<ns:a xmlns:ns="urn:x" ns:b="1"><ns:c/></ns:a>`,
  `<a><b><c d="e"/></b><b></b></a>`,
  sample('provider-v1.xml'),
  sample('provider-v2-moment1.xml'),
]

const broken = [
  `<a><b></a></b>`,
  `<a x=1/>`,
  `<a x="1" x="2"/>`,
  `<a x="<"/>`,
  `<a>&unknown;</a>`,
  `<a x="&unknown;"/>`,
  `<a x="&amp"/>`,
  `<a>&</a>`,
  `<a></a><b/>`,
  `text<a/>`,
  `<a/>text`,
  `< a/>`,
  `<a></b>`,
  `</a>`,
  `<a x="1"`,
  `<a><b>`,
  `<a x="unterminated/>`,
  `<a/><?xml version="1.0"?>`,
  `<a><!ELEMENT a ANY></a>`,
  `<a x="&#0;"/>`,
  `<a x="&#xD800;"/>`,
  ``,
]

test('reads well-formed XML as a conforming parser does, in any chunking', () => {
  for (const xml of wellFormed) {
    const expected = oracle(xml)
    assert.ok('events' in expected, `the oracle accepts ${xml.slice(0, 60)}`)
    for (const chunk of [xml.length, 1, 2, 3, 5, 64]) assert.deepEqual(ours(xml, chunk), expected, `${xml.slice(0, 60)} in pieces of ${chunk}`)
  }
})

test('refuses what a conforming parser refuses', () => {
  for (const xml of broken) {
    assert.deepEqual(oracle(xml), { error: true }, `the oracle refuses ${xml}`)
    for (const chunk of [xml.length, 1, 4]) assert.deepEqual(ours(xml, chunk), { error: true }, `${xml} in pieces of ${chunk}`)
  }
})

test('refuses any DOCTYPE, which a conforming parser would read, and long tokens', () => {
  const laughs = `<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>`
  assert.throws(() => new XmlTokenizer({ open() {}, close() {} }, 100).write(laughs), (e: unknown) => e instanceof FeedError && e.outcome === 'refused')
  const long = `<a x="${'y'.repeat(200)}"/>`
  for (const chunk of [long.length, 50]) {
    const tokens = new XmlTokenizer({ open() {}, close() {} }, 100)
    assert.throws(() => {
      for (let i = 0; i < long.length; i += chunk) tokens.write(long.slice(i, i + chunk))
    }, /longer than 100 characters/)
  }
  const comment = new XmlTokenizer({ open() {}, close() {} }, 100)
  assert.throws(() => comment.write(`<a><!--${'c'.repeat(200)}`), /longer than 100/)
})
