/**
 * The one definition of the JSON the read-only map-data API speaks (GET /api/config, /api/cells), shared by the
 * server and the client. Types only.
 */

/** GET /api/config: what the client needs to know about the deployment. */
export interface ClientConfig {
  /** URL of an online MapLibre style; null means the offline basemap. */
  basemapStyle: string | null;
  demo: boolean;
}

/** GET /api/cells?res=N: per-cell weights as parallel columns, index i of every array describing `h3[i]`. */
export interface CellColumns {
  res: number;
  h3: string[];
  customers: number[];
  /** contracted load, kW */
  load: number[];
  /** faults in the last twelve months */
  faults: number[];
  /** district id (majority of the cell's area) */
  district: Array<number | null>;
  /** service area inside the cell, km² */
  area: number[];
}
