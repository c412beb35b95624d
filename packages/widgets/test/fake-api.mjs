// A local stand-in for the Samspil API's document endpoints, as the browser tests
// see it: Bearer token, ETag = version, If-Match on PUT, 409/401 as problem+json.
// Mounted on the test runner's dev server under /fake-api/.
const documents = new Map();
const TOKEN = 'swt_test';

function problem(ctx, status, title, detail) {
  ctx.status = status;
  ctx.type = 'application/problem+json';
  ctx.body = JSON.stringify({ type: 'about:blank', title, status, detail });
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

/** What the citizen's plan sent (issue 28): what the tests look at to see that nothing left the browser. */
const posts = [];

/** The citizen's voice and withdrawal under a citizen view (`/fake-api/<key>/voice`, `…/consent/withdraw`), as the API answers them. */
async function citizenPost(ctx, key, what) {
  if (ctx.get('authorization') !== `Bearer ${TOKEN}`) return problem(ctx, 401, 'Unauthorized', 'the widget token is not valid');
  const doc = documents.get(key);
  if (!doc) return problem(ctx, 404, 'Not Found', `${key} does not exist`);
  const body = await readBody(ctx.req);
  posts.push({ key, what, body });
  const at = new Date().toISOString();
  if (what === 'voice') {
    if (/\d{6}\D?\d{4}/.test(body.text)) {
      ctx.status = 422;
      ctx.type = 'application/problem+json';
      ctx.body = JSON.stringify({ title: 'Unprocessable Content', status: 422, detail: 'body text: please do not write your CPR number', reason: 'personal-data' });
      return;
    }
    doc.body.voice = [{ text: body.text, writtenAt: at }, ...(doc.body.voice ?? [])];
    ctx.status = 201;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ writtenAt: at });
    return;
  }
  doc.body = { ...doc.body, tasks: [], consent: { ...doc.body.consent, state: 'withdrawn', ended: at } };
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(doc.body);
}

export async function fakeApi(ctx, next) {
  if (ctx.path === '/fake-api/posts') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(posts);
    return;
  }
  const citizen = /^\/fake-api\/([\w-]+)\/(voice|consent\/withdraw)$/.exec(ctx.path);
  if (citizen && ctx.method === 'POST') return citizenPost(ctx, citizen[1], citizen[2]);
  const m = /^\/fake-api\/([\w-]+)$/.exec(ctx.path);
  if (!m) return next();
  const key = m[1];
  if (ctx.method === 'POST' && key === 'reset') {
    documents.clear();
    posts.length = 0;
    const seed = await readBody(ctx.req);
    for (const [k, body] of Object.entries(seed)) documents.set(k, { version: 1, body: { ...body, version: 1 } });
    ctx.status = 204;
    return;
  }
  if (ctx.get('authorization') !== `Bearer ${TOKEN}`) return problem(ctx, 401, 'Unauthorized', 'the widget token is not valid');
  const doc = documents.get(key);
  if (!doc) return problem(ctx, 404, 'Not Found', `${key} does not exist`);
  if (ctx.method === 'GET') {
    ctx.set('etag', `"${doc.version}"`);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(doc.body);
    return;
  }
  if (ctx.method === 'PUT') {
    const match = /^"?(\d+)"?$/.exec(ctx.get('if-match') ?? '');
    if (!match || Number(match[1]) !== doc.version) return problem(ctx, 409, 'Conflict', `the document is at version ${doc.version}`);
    const body = await readBody(ctx.req);
    doc.version++;
    doc.body = { ...body, version: doc.version };
    ctx.set('etag', `"${doc.version}"`);
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(doc.body);
    return;
  }
  return problem(ctx, 405, 'Method Not Allowed', ctx.method);
}
