/** H3 cells of the service area: tessellation, weights, roll-up and adjacency. */
export * from './h3-adapter.ts';
export * from './tessellate.ts';
export * from './hierarchy.ts';
export * from './graph.ts';
export * from './point-in-polygon.ts';
export * from './boundaries.ts';
