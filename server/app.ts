/**
 * The Express app: request ids, JSON bodies (1 MB), cookies, the route table, the `/api` 404, the built
 * client (`dist/client`) with an SPA fallback for every other GET, and the error middleware.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { AppDeps } from './deps.ts';
import { apiNotFound, errorMiddleware, requestIds } from './http/error-middleware.ts';
import type { RouteDef } from './routes/define.ts';
import { mountRoutes } from './routes/define.ts';
import { loadRoutes } from './routes/index.ts';

/** Largest accepted JSON body. */
export const JSON_LIMIT = '1mb';

/** The built client, relative to this file. */
export const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

export interface AppOptions {
  /** Route table to mount (default: every route module, see `routes/index.ts`). */
  routes?: readonly RouteDef[];
  /** Folder of the built client (default `dist/client`). */
  clientDir?: string;
}

/** Builds the Express app for the given dependencies. */
export async function createApp(deps: AppDeps, opts: AppOptions = {}): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  // req.secure and req.ip honour X-Forwarded-* only from proxies on private networks
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestIds());
  app.use('/api', express.json({ limit: JSON_LIMIT }), cookieParser());

  const router = express.Router();
  mountRoutes(router, opts.routes ?? (await loadRoutes()), deps);
  app.use(router);
  app.use('/api', apiNotFound());

  const clientDir = opts.clientDir ?? CLIENT_DIR;
  const index = join(clientDir, 'index.html');
  app.use(
    express.static(clientDir, {
      index: false,
      setHeaders: (res, path) => {
        // Vite puts content-hashed files under assets/
        if (path.includes(`${join(clientDir, 'assets')}`)) res.set('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The client is not built yet: run `npm run build`.\n');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  app.use(errorMiddleware(deps.log));
  return app;
}
