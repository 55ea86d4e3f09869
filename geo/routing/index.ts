/**
 * Public API of the road routing engine. The server builds nothing: it loads the routing file made
 * at seed time (`deserializeRoutingData`), wraps it in a `Router`, and calls `route`, `matrix`,
 * `isochrone` and `snap`. Errors are GeoError: `invalid_input` (bad or off-road coordinates, with
 * `field`), `no_route` (unreachable destination).
 */
export { Router, buildRoutingData, serializeRoutingData, deserializeRoutingData, sliceEdgeInto } from './router.ts';
export type { RoutingData, RouteResult, MatrixResult, QueryOptions, LngLat, BuildStats } from './router.ts';
export { MAX_SNAP_M, type Snap } from './snap.ts';
export { DEFAULT_SPEED_PROFILE, periodAt, validateProfile, WEIGHT_PER_SECOND, type SpeedProfile, type SpeedPeriod } from './profile.ts';
export { ROAD_CLASSES, DEFAULT_SPEED_KMH, type RoadClass } from './classes.ts';
export type { RoadNetwork } from './network.ts';
export type { MultiPolygonCoords } from './isochrone.ts';
