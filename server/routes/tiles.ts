/** Vector tiles (MVT) for the map layers: 200 with the tile, 204 when empty, 400 for a bad address. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { SCOPED_LAYERS, TILE_LAYERS } from '../repositories/tiles.ts';
import { TILE_CACHE_CONTROL, getTile, tileScopeFor } from '../services/tiles.ts';
import { defineRoute } from './define.ts';

const int = z.string().regex(/^\d{1,8}$/, 'expected a non-negative integer').transform(Number);

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/tiles/:layer/:z/:x/:y.mvt',
    roles: ROLES,
    summary: 'Mapbox vector tile (?gridId= limits customers, faults and cells to a grid; managers: always their own grids) of customers, substations, faults, cells (cells: z≤9 res 7, ≤11 res 8, ≤13 res 9, else 10) or roads (class, name; motorway/trunk/primary from z8, secondary/tertiary from z11, all from z13)',
    params: z.object({ layer: z.enum(TILE_LAYERS), z: int, x: int, y: int }),
    // customers, faults and cells: ?gridId= limits the tile to that grid; a manager's tiles are always limited to
    // their own grids (another grid's id: 403 not_your_territory)
    query: z.object({ gridId: z.coerce.number().int().positive().max(2_147_483_647).optional() }),
    handler: async ({ deps, params, query, user, res }) => {
      const scope = await tileScopeFor(deps.pool, user, query.gridId);
      const mvt = await getTile(deps.pool, params.layer, params.z, params.x, params.y, scope);
      // what customers, faults and cells tiles hold depends on who asks: a limited tile is private, and shared
      // caches must not hand a city-wide tile to a manager (Vary: Cookie)
      const scoped = SCOPED_LAYERS.has(params.layer);
      res.set('Cache-Control', scoped && scope ? TILE_CACHE_CONTROL[params.layer].replace('public', 'private') : TILE_CACHE_CONTROL[params.layer]);
      if (scoped) res.vary('Cookie');
      if (mvt.length === 0) {
        res.status(204).end();
        return undefined;
      }
      res.type('application/vnd.mapbox-vector-tile').send(mvt);
      return undefined;
    },
  }),
];
