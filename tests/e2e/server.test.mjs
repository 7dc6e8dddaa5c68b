// The static server (scripts/serve.mjs) serves its root and nothing beside it:
// a temporary root `dist/` with a sibling `dist-secret/` (the name that a
// `startsWith(root)` check let through), traversal in every spelling refused
// without naming a path, and the root's own files served with their types and
// the lab's Content-Security-Policy. No browser: raw HTTP requests, so that the
// paths reach the server exactly as written (fetch would normalise `..`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, CSP } from '../../scripts/serve.mjs';

const SECRET = 'the secret next door';
let dir;
let server;
let port;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-serve-'));
  const root = join(dir, 'dist');
  await mkdir(join(root, 'pkg'), { recursive: true });
  await mkdir(join(root, 'js'), { recursive: true });
  await mkdir(join(dir, 'dist-secret'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  await writeFile(join(root, 'js', 'main.js'), 'export {};\n');
  await writeFile(join(root, 'pkg', 'lab_bg.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  await writeFile(join(root, 'style.css'), 'body {}\n');
  await writeFile(join(root, '.env'), SECRET);
  await writeFile(join(dir, 'dist-secret', 'x.txt'), SECRET);
  await writeFile(join(dir, 'secret.txt'), SECRET);
  await symlink(join(dir, 'dist-secret'), join(root, 'out'));
  server = await serve(root, 0);
  port = server.address().port;
});

after(async () => {
  await new Promise((ok) => server?.close(ok) ?? ok());
  await rm(dir, { recursive: true, force: true });
});

/** Sends `path` byte for byte (no client-side normalisation); resolves to status, headers, body. */
function get(path, method = 'GET') {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('the root serves its files with their content types and the CSP', async () => {
  const cases = [
    ['/', 'text/html; charset=utf-8', '<!doctype html>'],
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html>'],
    ['/index.html?x=1#y', 'text/html; charset=utf-8', '<!doctype html>'],
    ['/js/main.js', 'text/javascript; charset=utf-8', 'export {};'],
    ['/style.css', 'text/css; charset=utf-8', 'body {}'],
    ['/%6As/main.js', 'text/javascript; charset=utf-8', 'export {};'], // %6A is a plain `j`
  ];
  for (const [path, type, start] of cases) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'], type, path);
    assert.ok(res.body.toString('utf8').startsWith(start), `${path}: ${res.body}`);
    assert.equal(res.headers['content-security-policy'], CSP, `${path} carries the CSP`);
  }
  const wasm = await get('/pkg/lab_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm', 'wasm streams only as application/wasm');
  assert.deepEqual([...wasm.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  const head = await get('/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0, 'HEAD sends no body');
});

test('the policy is the one the issue names', () => {
  assert.equal(
    CSP,
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; frame-ancestors *",
  );
});

test('no spelling of traversal, NUL or absolute path reaches a file outside the root', async () => {
  const attempts = [
    '/..%2fdist-secret/x.txt', // the issue's: a sibling whose name starts with `dist`
    '/..%2Fdist-secret/x.txt',
    '/../dist-secret/x.txt',
    '/../secret.txt',
    '/%2e%2e/dist-secret/x.txt',
    '/%2E%2E%2Fsecret.txt',
    '/.%2e/secret.txt',
    '/js/../../secret.txt',
    '/js/%2e%2e/%2e%2e/secret.txt',
    '/..\\dist-secret\\x.txt',
    '/..%5cdist-secret%5cx.txt',
    '/%252e%252e/dist-secret/x.txt', // double encoding
    '/%252e%252e%252fsecret.txt',
    '/..%252fdist-secret/x.txt',
    '/index.html%00.txt', // NUL
    '/..%00/secret.txt',
    '/%c0%ae%c0%ae/secret.txt', // overlong UTF-8 for `.`
    `/${encodeURIComponent(join(dir, 'secret.txt'))}`, // an absolute path, encoded
    `/${join(dir, 'secret.txt')}`, // …and as a second leading slash
    `//${join(dir, 'secret.txt').slice(1)}`,
    `http://127.0.0.1:${0}${join(dir, 'secret.txt')}`, // absolute-form request target
    '/C:/Windows/win.ini',
    '/out/x.txt', // a symbolic link out of the root
    '/.env', // a dotfile in the root
  ];
  for (const path of attempts) {
    const res = await get(path);
    const body = res.body.toString('utf8');
    assert.ok([400, 403, 404].includes(res.status), `${path}: status ${res.status}`);
    assert.ok(!body.includes(SECRET), `${path} served the secret`);
    assert.ok(!body.includes(dir) && !body.includes('dist-secret') && !body.includes('/'), `${path} leaks a path: ${body}`);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8', path);
  }
  // the ones that are not even a path are malformed requests, not missing files
  for (const path of ['/..%2fdist-secret/x.txt', '/%2e%2e/dist-secret/x.txt', '/..\\dist-secret\\x.txt', '/%252e%252e/dist-secret/x.txt', '/index.html%00.txt']) {
    assert.equal((await get(path)).status, 400, path);
  }
  assert.equal((await get('/out/x.txt')).status, 403, 'a link out of the root is forbidden');
  assert.equal((await get('/nothing-here.js')).status, 404);
});

test('only GET and HEAD', async () => {
  const res = await get('/index.html', 'POST');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET, HEAD');
});
