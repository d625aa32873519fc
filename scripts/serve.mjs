#!/usr/bin/env node
// A tiny static file server for the demo and the browser tests: serves the repository root so
// that both /web/ (the page) and /models/ (the embedded model) are reachable. Plume itself has no
// server; this only hands files to the browser. No dependencies beyond node:*.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root <dir>] [--verbose]  (or PORT=…)
//   --port 0 picks a free port; the first line printed says which.
//
// Safety: only GET/HEAD, only files inside the root (path traversal and symlinks out of it are
// refused), no dotfiles (.git), no directory listings.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.gguf': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
  '.bpe': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text === null ? undefined : `${text}\n`);
}

/**
 * Starts the server. Resolves with {server, url, port} once it listens.
 * @param {{root?: string, port?: number, host?: string, log?: boolean}} [options]
 */
export async function serve({ root = fileURLToPath(new URL('..', import.meta.url)), port = 8080,
  host = '127.0.0.1', log = false } = {}) {
  const realRoot = await realpath(resolve(root));

  const server = createServer(async (req, res) => {
    const status = code => { if (log) console.log(`${code} ${req.method} ${req.url}`); };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      status(405);
      return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      status(400);
      return send(res, 400, 'bad request');
    }
    if (pathname === '/') {
      status(302);
      return send(res, 302, 'see /web/', { Location: '/web/' });
    }
    // No NUL bytes, no backslashes (Windows separators), no dot-segments or dotfiles anywhere.
    const segments = pathname.split('/');
    if (pathname.includes('\0') || pathname.includes('\\') || segments.some(s => s.startsWith('.'))) {
      status(404);
      return send(res, 404, 'not found');
    }
    let file = join(realRoot, ...segments);
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!pathname.endsWith('/')) {
          status(301);
          return send(res, 301, 'moved', { Location: `${pathname}/` });
        }
        file = join(file, 'index.html');
        info = await stat(file);
      }
      // A symlink inside the root must not lead out of it.
      const real = await realpath(file);
      if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new Error('outside the root');
      if (!info.isFile()) throw new Error('not a file');
      status(200);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(real).on('error', () => res.destroy()).pipe(res);
    } catch {
      status(404);
      send(res, 404, 'not found');
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  return { server, port: actual, url: `http://${host}:${actual}/web/` };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port' || a === '-p') out.port = value();
    else if (a.startsWith('--port=')) out.port = a.slice(7);
    else if (a === '--host') out.host = value();
    else if (a === '--root') out.root = value();
    else if (a === '--verbose' || a === '-v') out.verbose = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (/^\d+$/.test(a)) out.port = a;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log('usage: node scripts/serve.mjs [--port N] [--host H] [--root DIR] [--verbose]\n' +
      'Serves DIR (default: the repository root) on http://H:N/ (default 127.0.0.1:8080, PORT env).');
    process.exit(0);
  }
  const port = Number(args.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port ${args.port ?? process.env.PORT}`);
    process.exit(2);
  }
  try {
    const { url } = await serve({ port, host: args.host, root: args.root, log: !!args.verbose });
    console.log(`Plume: serving on ${url}`);
  } catch (e) {
    console.error(`serve: could not listen on ${args.host ?? '127.0.0.1'}:${port} (${e.code ?? e.message})`);
    process.exit(1);
  }
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
