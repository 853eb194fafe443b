// Peer for the ingest benchmark (bench/run.mjs): fastify receiving the same OTLP/HTTP JSON metrics request that
// calm-keys gets, and storing nothing.
//   POST /ingest-open  no authentication: fastify's JSON parsing, a walk over the data points, the answer. The
//                      ceiling of the framework calm-keys is built on.
//   POST /ingest       the same behind `Authorization: Bearer <RS256 JWT>`, checked with jose's jwtVerify against
//                      a public key given at start (signature, exp, iss, aud, and the metrics.write scope).
// The key, issuer and audience come from the runner, which signs the token it sends:
//
//   PORT=4105 BENCH_JWT_PUBLIC_KEY="$(cat pub.pem)" BENCH_JWT_ISSUER=... BENCH_JWT_AUDIENCE=... node bench/peers/ingest.mjs
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
import { createPublicKey } from 'node:crypto';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';

const port = Number(process.env.PORT ?? 4105);
const host = process.env.HOST ?? '127.0.0.1';
const publicKey = process.env.BENCH_JWT_PUBLIC_KEY ? createPublicKey(process.env.BENCH_JWT_PUBLIC_KEY) : undefined;
const issuer = process.env.BENCH_JWT_ISSUER ?? 'http://localhost/oauth/token';
const audience = process.env.BENCH_JWT_AUDIENCE ?? 'bench!b1';
const requiredScope = process.env.BENCH_JWT_SCOPE ?? 'bench!b1.calm-api.metrics.write';

const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });

/** The data points of an OTLP metrics request (gauge and sum); undefined when it is not one. */
function countPoints(body) {
  if (!body || !Array.isArray(body.resourceMetrics)) return undefined;
  let points = 0;
  for (const rm of body.resourceMetrics)
    for (const sm of rm?.scopeMetrics ?? [])
      for (const m of sm?.metrics ?? []) points += (m?.gauge ?? m?.sum)?.dataPoints?.length ?? 0;
  return points;
}

let received = 0;
function ingest(request, reply) {
  const points = countPoints(request.body);
  if (points === undefined) return reply.code(400).send({ error: 'resourceMetrics: an array is required' });
  received += points; // stands for handing the points on; nothing is kept
  return reply.code(200).send({});
}

async function bearer(request, reply) {
  const header = request.headers.authorization;
  if (!publicKey || typeof header !== 'string' || header.slice(0, 7).toLowerCase() !== 'bearer ')
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' });
  let payload;
  try {
    ({ payload } = await jwtVerify(header.slice(7), publicKey, { issuer, audience, algorithms: ['RS256'] }));
  } catch {
    return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token' });
  }
  const scopes = Array.isArray(payload.scope) ? payload.scope : String(payload.scope ?? '').split(' ');
  if (!scopes.includes(requiredScope))
    return reply
      .code(403)
      .header('www-authenticate', 'Bearer error="insufficient_scope"')
      .send({ error: 'insufficient_scope' });
}

app.post('/ingest-open', ingest);
app.post('/ingest', { preHandler: bearer }, ingest);
app.get('/received', async () => ({ received }));

await app.listen({ port, host });
console.log(`fastify ingest on http://${host}:${port}/ingest and /ingest-open`);
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => app.close().then(() => process.exit(0)));
