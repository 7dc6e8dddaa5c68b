// A static file server for the built lab (dist/), bound to 127.0.0.1.
//   node scripts/serve.mjs [--port 8000] [--dir dist]
// Also imported by the end-to-end tests, which start it on a free port.
//
// It serves files inside its root folder and nothing else: a request path is
// refused (400) when it holds `.` or `..` segments, in any encoding, a
// backslash, a NUL or other control byte, an empty segment (`//etc`), a `%`
// left after decoding once (double encoding) or a drive-letter colon; the
// resolved file must then lie under `root + path.sep` (403 otherwise, also for a
// symbolic link that leads out). Error answers never name a path. Every answer
// carries the lab's Content-Security-Policy (CSP below).
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The lab's policy: no inline script or style; wasm may compile
 * ('wasm-unsafe-eval'); charts export through data: and blob: URLs; any site
 * may embed the lab in an iframe. www/index.html carries the same policy as a
 * meta tag, minus frame-ancestors (which a meta tag cannot carry), for static hosts.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  'frame-ancestors *',
].join('; ');

/** An answer that is not a file: its status and the one word it says. */
class Refusal extends Error {
  constructor(status) {
    super(String(status));
    this.status = status;
  }
}
const TEXT = { 400: 'bad request', 403: 'forbidden', 404: 'not found', 405: 'method not allowed' };

/**
 * The path segments of a request target, decoded once, or a Refusal(400) for
 * anything that is not a plain path below the root.
 */
export function segmentsOf(target) {
  if (typeof target !== 'string' || !target.startsWith('/')) throw new Refusal(400); // absolute-form, `*`, …
  const raw = target.split(/[?#]/, 1)[0];
  if (/\\|%5c/i.test(raw)) throw new Refusal(400); // a backslash, plain or encoded
  let path;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new Refusal(400); // malformed escape
  }
  // NUL and control bytes; `%` left after one decoding is double encoding (%252e → %2e)
  if (/[\u0000-\u001f\u007f%\\]/.test(path)) throw new Refusal(400);
  const segments = path.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop(); // a trailing slash names a folder
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.includes(':')) throw new Refusal(400);
  }
  return segments;
}

/** The file inside `root` (a resolved, real path) that `target` names, or a Refusal. */
export async function fileOf(root, target) {
  const segments = segmentsOf(target);
  if (segments.some((s) => s.startsWith('.'))) throw new Refusal(404); // no dotfiles
  let file = resolve(root, ...segments);
  const inside = (f) => f === root || f.startsWith(root + sep);
  if (!inside(file)) throw new Refusal(403);
  let info;
  try {
    file = await realpath(file); // a symbolic link must not lead out either
    if (!inside(file)) throw new Refusal(403);
    info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
  } catch (err) {
    if (err instanceof Refusal) throw err;
    throw new Refusal(404);
  }
  if (!info.isFile()) throw new Refusal(404);
  return file;
}

/**
 * Starts serving `dir`; resolves to the http.Server once listening.
 * `options.csp` is the Content-Security-Policy header (CSP unless given;
 * null sends none, for a test's stand-in host page).
 */
export async function serve(dir, port = 0, host = '127.0.0.1', { csp = CSP } = {}) {
  const root = await realpath(resolve(dir));
  const common = { 'X-Content-Type-Options': 'nosniff', ...(csp ? { 'Content-Security-Policy': csp } : {}) };
  const server = createServer(async (req, res) => {
    let status = 200;
    let headers;
    let body;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refusal(405);
      const file = await fileOf(root, req.url);
      body = await readFile(file);
      headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
    } catch (err) {
      status = err instanceof Refusal ? err.status : 500;
      body = Buffer.from(TEXT[status] ?? 'server error');
      headers = { 'Content-Type': 'text/plain; charset=utf-8', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) };
    }
    res.writeHead(status, { ...common, ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const dir = arg('--dir', 'dist');
  const port = Number(arg('--port', process.env.PORT ?? 8000));
  serve(dir, port).then(
    (server) => console.log(`MTL Playground: http://127.0.0.1:${server.address().port}/  (serving ${dir}; Ctrl-C stops)`),
    (err) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}
