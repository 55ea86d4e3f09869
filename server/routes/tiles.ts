/** Vector tiles (MVT) for the map layers: 200 with the tile, 204 when empty, 400 for a bad address. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { TILE_LAYERS } from '../repositories/tiles.ts';
import { TILE_CACHE_CONTROL, getTile } from '../services/tiles.ts';
import { defineRoute } from './define.ts';

const int = z.string().regex(/^\d{1,8}$/, 'expected a non-negative integer').transform(Number);

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/tiles/:layer/:z/:x/:y.mvt',
    roles: ROLES,
    summary: 'Mapbox vector tile of customers, substations, faults, cells (cells: z≤9 res 7, ≤11 res 8, ≤13 res 9, else 10) or roads (class, name; motorway/trunk/primary from z8, secondary/tertiary from z11, all from z13)',
    params: z.object({ layer: z.enum(TILE_LAYERS), z: int, x: int, y: int }),
    handler: async ({ deps, params, res }) => {
      const mvt = await getTile(deps.pool, params.layer, params.z, params.x, params.y);
      res.set('Cache-Control', TILE_CACHE_CONTROL[params.layer]);
      if (mvt.length === 0) {
        res.status(204).end();
        return undefined;
      }
      res.type('application/vnd.mapbox-vector-tile').send(mvt);
      return undefined;
    },
  }),
];
