/**
 * The route table. Every `server/routes/<area>.ts` (other than this file and `define.ts`) is a route module
 * exporting `routes: RouteDef[]`; it is picked up automatically, so adding an area is adding a file.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RouteDef } from './define.ts';

const ROUTES_DIR = fileURLToPath(new URL('.', import.meta.url));
const NOT_MODULES = new Set(['define.ts', 'index.ts']);

let cached: Promise<RouteDef[]> | undefined;

/**
 * Imports every route module (sorted by file name) and returns all routes in one table.
 * @throws Error if a module does not export a `routes` array.
 */
export function loadRoutes(): Promise<RouteDef[]> {
  cached ??= (async () => {
    const files = readdirSync(ROUTES_DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_MODULES.has(f))
      .sort();
    const all: RouteDef[] = [];
    for (const file of files) {
      const mod = (await import(pathToFileURL(ROUTES_DIR + file).href)) as { routes?: unknown };
      if (!Array.isArray(mod.routes)) throw new Error(`server/routes/${file} must export "routes: RouteDef[]"`);
      all.push(...(mod.routes as RouteDef[]));
    }
    return all;
  })();
  return cached;
}
