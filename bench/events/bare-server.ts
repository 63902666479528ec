// The baseline: a bare node:http server answering every request with a constant JSON
// body of the size a /search answer has.
import { createServer } from 'node:http'

const body = process.env.BARE_BODY ?? '{}'
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  response.end(body)
}).listen(Number(process.env.PORT), '127.0.0.1')
