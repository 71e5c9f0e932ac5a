import express, { Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundled UI is: dist/ui beside the compiled server (dist/adapters/http/ui-page.js), or the
 * package's dist/ui when this file runs from src/ (in-process tests).
 */
function uiDir(): string | undefined {
  for (const rel of ['../../ui/', '../../../dist/ui/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir + 'index.html')) return dir;
  }
  return undefined;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tugboat</title></head>
<body><h1>Tugboat</h1><p>The web UI is not built: run <code>npm run build</code>. The API is at <code>/api/v1/applications</code>.</p></body></html>`;

/**
 * The web UI (SPEC §11): the single page at `/` and `/applications/:app` (the page routes itself), its
 * assets under `/assets/`. Everything is bundled at build time (scripts/bundle.mjs): no network at run
 * time. Served without the API token: the page holds no data, it asks the API for it with the token.
 */
export function uiRoutes(): Router {
  const r = Router();
  const dir = uiDir();
  // Read once: the bundle does not change while the daemon runs.
  const index = dir ? readFileSync(dir + 'index.html', 'utf8') : NOT_BUILT;
  const page = (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'");
    res.type('html').send(index);
  };
  r.get('/', page);
  r.get('/applications/:app', page);
  if (dir) {
    // Asset names carry their content hash: a browser may keep them.
    r.use('/assets', express.static(dir + 'assets', { index: false, immutable: true, maxAge: '365d' }));
  }
  return r;
}
