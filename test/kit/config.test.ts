import assert from 'node:assert/strict'
import { test } from 'node:test'
import Type from 'typebox'
import { ConfigError, configSchema, loadConfig } from '../../src/kit/config.ts'

test('defaults fill every unset variable', () => {
  const config = loadConfig(configSchema(), {})
  assert.equal(config.PORT, 8080)
  assert.equal(config.HOST, '127.0.0.1')
  assert.equal(config.FLOTILLA_ROLE, 'all')
  assert.equal(config.DATABASE_URL, undefined)
})

test('values are converted from strings', () => {
  const config = loadConfig(configSchema(), { PORT: '9090', FLOTILLA_ROLE: 'worker' })
  assert.equal(config.PORT, 9090)
  assert.equal(config.FLOTILLA_ROLE, 'worker')
})

test('PORT=abc stops the start with a message naming PORT', () => {
  assert.throws(
    () => loadConfig(configSchema(), { PORT: 'abc' }),
    (error: unknown) => error instanceof ConfigError && /PORT/.test(error.message) && error.problems[0]?.variable === 'PORT',
  )
})

test('a bad role is named', () => {
  assert.throws(() => loadConfig(configSchema(), { FLOTILLA_ROLE: 'boss' }), /FLOTILLA_ROLE/)
})

test('service settings join the one schema and are validated too', () => {
  const schema = configSchema([Type.Object({ CTR_MAX_IDS: Type.Integer({ default: 10, minimum: 1 }) })])
  assert.equal(loadConfig(schema, {}).CTR_MAX_IDS, 10)
  assert.throws(() => loadConfig(schema, { CTR_MAX_IDS: '0' }), /CTR_MAX_IDS/)
})

test('secrets are not echoed in errors', () => {
  assert.throws(
    () => loadConfig(configSchema(), { FLOTILLA_TOKEN: 'short-secret', DATABASE_URL: 'mysql://user:pw@host/db' }),
    (error: unknown) => error instanceof Error && /FLOTILLA_TOKEN/.test(error.message) && /DATABASE_URL/.test(error.message) && !/short-secret|pw@/.test(error.message),
  )
})
