import { z } from 'zod';
import type { RouteDef } from './route.ts';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  return z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
}

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** OpenAPI 3.1 document generated from the same route table and zod schemas the server runs. */
export function buildOpenApi(routes: RouteDef[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const p = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = schemaOf(schema);
      const props = (js.properties ?? {}) as Record<string, Json>;
      const required = new Set((js.required as string[] | undefined) ?? []);
      for (const [name, prop] of Object.entries(props)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop });
      }
    }
    const status = String(r.successStatus ?? 200);
    const security = 'public' in r.access ? [] : [{ cookieAuth: [] }, { bearerAuth: [] }];
    const op: Json = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${p.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      security,
      'x-roles': 'public' in r.access ? 'public' : r.access.roles,
      parameters,
      responses: {
        [status]: {
          description: 'Success',
          ...(status === '204'
            ? {}
            : { content: { 'application/json': { schema: r.response ? schemaOf(r.response) : {} } } }),
        },
        '400': problem,
        ...('public' in r.access ? {} : { '401': problem, '403': problem }),
        '404': problem,
      },
    };
    if (r.body) {
      op.requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: schemaOf(r.body),
            ...(r.example !== undefined ? { example: r.example } : {}),
          },
        },
      };
    }
    (paths[p] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stillpoint API',
      version,
      description:
        'OMT clinic platform API. JSON in, JSON out; errors are RFC 9457 problem details. Cookie-authenticated state-changing requests must send X-Requested-With.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sp_session' },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Personal API token (POST /api/v1/auth/tokens)',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
          required: ['type', 'title', 'status'],
        },
      },
    },
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A plain, script-free reference page (the CSP allows no inline script). */
export function renderDocsHtml(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const rows = Object.entries(paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => {
        const roles = op['x-roles'];
        const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
        const schema = body ? JSON.stringify((body['application/json'] as Json).schema, null, 2) : '';
        return `<section><h2><span class="m">${m.toUpperCase()}</span> <code>${esc(p)}</code></h2>
<p>${esc(String(op.summary))}</p><p><strong>Who:</strong> ${esc(Array.isArray(roles) ? roles.join(', ') : String(roles))}</p>
${schema ? `<details><summary>Request body schema</summary><pre>${esc(schema)}</pre></details>` : ''}</section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Stillpoint API reference</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e;line-height:1.5}
section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1.05rem}.m{display:inline-block;min-width:4.5rem;font-weight:700;color:#0b5f55}pre{background:#f4f5f7;padding:1rem;overflow:auto}</style></head>
<body><main><h1>Stillpoint API reference</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details.</p>
${rows}</main></body></html>`;
}
