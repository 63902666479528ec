/**
 * The error bodies Flotilla answers with: the kit's one shape everywhere, except on the
 * original interfaces, which keep the shape their clients read (DESIGN.md).
 */
type ShapeCheck = (body: any) => boolean

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const kit: ShapeCheck = (b) => isObject(b) && isObject(b.error) && typeof b.error.code === 'string' && typeof b.error.message === 'string'
/** FastAPI's `{"detail": "…"}` or `{"detail": [{loc, msg, type}]}`. */
const fastApi: ShapeCheck = (b) => isObject(b) && (typeof b.detail === 'string' || (Array.isArray(b.detail) && b.detail.every((d) => isObject(d) && typeof d.msg === 'string')))
/** DRF: `{"detail": "…"}` or field errors `{"field": ["…"]}`. */
const drf: ShapeCheck = (b) => (isObject(b) && typeof b.detail === 'string') || (isObject(b) && Object.values(b).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string')))
/** The plays original: `{"error": "…"}`. */
const playsOriginal: ShapeCheck = (b) => isObject(b) && typeof b.error === 'string'
/** The events v1 original (Falcon): `{"error": "HTTPBadRequest", "detail": "…"}`. */
const falcon: ShapeCheck = (b) => isObject(b) && typeof b.error === 'string' && typeof b.detail === 'string'
/** The ctr original: the bare JSON string "bad request". */
const ctrOriginal: ShapeCheck = (b) => b === 'bad request'

const SHAPES: { matches: (path: string) => boolean; shapes: ShapeCheck[]; owner: string }[] = [
  { matches: (p) => p === '/search', shapes: [kit], owner: 'events original (with data: null)' },
  { matches: (p) => p.startsWith('/v1/api/events'), shapes: [falcon, kit], owner: 'events v1 original (Falcon)' },
  { matches: (p) => p === '/predict', shapes: [ctrOriginal, kit], owner: 'ctr original' },
  { matches: (p) => p.startsWith('/v1/'), shapes: [playsOriginal, kit], owner: 'plays original' },
  { matches: (p) => p === '/websites' || p === '/website' || p === '/monitoring', shapes: [fastApi, kit], owner: 'monitor original (FastAPI)' },
  { matches: (p) => p.startsWith('/fastapi/'), shapes: [fastApi, kit], owner: 'hotels original (FastAPI)' },
  { matches: (p) => p.startsWith('/hotels/api/drf/'), shapes: [drf, kit], owner: 'hotels original (DRF)' },
]

/** Whether `body` is an error shape the route at `path` (an OpenAPI path) may answer with. */
export function wellFormedError(path: string, body: unknown): boolean {
  const special = SHAPES.find((s) => s.matches(path))
  return (special?.shapes ?? [kit]).some((check) => check(body))
}
