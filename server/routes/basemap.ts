/**
 * The public basemap: the road network as vector tiles for pages without a login (the customer fault-report
 * page), the same tiles as `/api/tiles/roads` (OSM-derived, public data). Customer, fault and cell tiles stay
 * behind the login.
 */
import { z } from 'zod';
import { TILE_CACHE_CONTROL, getTile } from '../services/tiles.ts';
import { defineRoute } from './define.ts';

const int = z.string().regex(/^\d{1,8}$/, 'expected a non-negative integer').transform(Number);

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/basemap/roads/:z/:x/:y.mvt',
    roles: 'public',
    summary: 'Road network vector tile for the basemap, no login needed (the same as /api/tiles/roads): 200 with the tile, 204 when empty, 400 for a bad address',
    params: z.object({ z: int, x: int, y: int }),
    handler: async ({ deps, params, res }) => {
      const mvt = await getTile(deps.pool, 'roads', params.z, params.x, params.y);
      res.set('Cache-Control', TILE_CACHE_CONTROL.roads);
      if (mvt.length === 0) {
        res.status(204).end();
        return undefined;
      }
      res.type('application/vnd.mapbox-vector-tile').send(mvt);
      return undefined;
    },
  }),
];
