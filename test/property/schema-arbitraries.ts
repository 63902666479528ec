import fc from 'fast-check'

/** A JSON Schema as @fastify/swagger puts it in the OpenAPI document (the subset routes use). */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  additionalProperties?: boolean | JsonSchema
  patternProperties?: Record<string, JsonSchema>
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  format?: string
  default?: unknown
}

/**
 * Inputs that have broken parsers, queries and file paths elsewhere: SQL metacharacters,
 * traversal, NUL, odd unicode, numbers at the edges, huge strings.
 */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  '"; DROP TABLE jobs; --',
  "1' UNION SELECT name FROM sqlite_master --",
  '\\',
  '%',
  '_',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a\u0000b',
  '\uD800',
  '\uFFFE',
  '😀𝄞\u202E',
  'Ω≈ç√',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  ' ',
  '',
  '9'.repeat(40),
  '2026-02-30T25:61:61Z',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
]

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('A'.repeat(100_000), 'é'.repeat(20_000)) },
)

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(-1, 0, -0, 1.5, 2 ** 53, -(2 ** 63), 1e308, true, false, null),
  fc.constantFrom([], {}, [null], { $ne: 1 }, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }),
  fc.constant(nested(200)),
)

function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = { a: [value] }
  return value
}

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type
  if (schema.type) return [schema.type]
  if (schema.properties) return ['object']
  return []
}

// Port 9 (discard) on loopback: a URL that is valid and that nothing answers.
const loopbackUrl = fc.webPath().map((p) => `http://127.0.0.1:9${p.startsWith('/') ? p : `/${p}`}`)

function stringArbitrary(schema: JsonSchema, name: string | undefined): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? minLength + 24, minLength + 64)
  // Many schemas say only "a string" of a URL, which a route then checks: give it URLs.
  if (!schema.format && !schema.pattern && name && /url$/i.test(name)) return loopbackUrl
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
    case 'uri':
    case 'url':
      return loopbackUrl
    case 'email':
      return fc.emailAddress()
  }
  if (schema.pattern) {
    try {
      const regex = new RegExp(schema.pattern, 'u')
      return fc.stringMatching(regex).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity))
    } catch {
      // A pattern JavaScript cannot read: fall through to plain strings.
    }
  }
  return fc.string({ minLength, maxLength })
}

function numberBounds(schema: JsonSchema): { min: number; max: number } {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000)
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000)
  return { min, max: Math.max(min, max) }
}

/** Values the schema accepts (best effort: patterns JavaScript cannot read give plain strings). */
export function valid(schema: JsonSchema | undefined, depth = 0, name?: string): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, depth + 1, name)))
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1, name)
  const options = types(schema)
  if (options.length === 0) return fc.jsonValue({ maxDepth: 2 })
  return fc.oneof(...options.map((type) => validOfType(schema, type, depth, name)))
}

function validOfType(schema: JsonSchema, type: string, depth: number, name: string | undefined): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer': {
      const { min, max } = numberBounds(schema)
      const lo = Math.ceil(min)
      const hi = Math.floor(max)
      return fc.oneof(fc.integer({ min: lo, max: Math.min(hi, lo + 10) }), fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }))
    }
    case 'number': {
      const { min, max } = numberBounds(schema)
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
    }
    case 'string':
      return stringArbitrary(schema, name)
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4) })
    case 'object': {
      const properties = schema.properties ?? {}
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, property] of Object.entries(properties)) record[key] = valid(property, depth + 1, key)
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) })
    }
    default:
      return fc.constant(null)
  }
}

/** A value of the wrong type for the schema, or one of the hostile values. */
export function invalid(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const wrong: fc.Arbitrary<unknown>[] = [hostileValue]
  const t = schema ? types(schema) : []
  if (!t.includes('string')) wrong.push(fc.string({ maxLength: 12 }))
  if (!t.includes('integer') && !t.includes('number')) wrong.push(fc.integer())
  if (!t.includes('object')) wrong.push(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }))
  if (!t.includes('array')) wrong.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }))
  if (schema?.maxLength !== undefined) wrong.push(fc.constant('x'.repeat(schema.maxLength + 1)))
  if (schema?.maximum !== undefined) wrong.push(fc.constant(schema.maximum + 1))
  if (schema?.minimum !== undefined) wrong.push(fc.constant(schema.minimum - 1))
  return fc.oneof(...wrong)
}
