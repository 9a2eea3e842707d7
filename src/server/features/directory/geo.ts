import { createRequire } from 'node:module';

/**
 * ZIP code → coordinates, offline: the `zipcodes` package's table of US ZIP centroids (no network,
 * no key). Loaded on first use (~5 MB of data), then kept.
 */
interface ZipRow {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
}

let lookup: ((zip: string) => ZipRow | undefined) | null = null;

export interface ZipPlace {
  zip: string;
  lat: number;
  lng: number;
  city: string;
  state: string;
}

export function zipCentroid(zip: string): ZipPlace | null {
  if (!/^\d{5}$/.test(zip)) return null;
  if (!lookup) {
    const require = createRequire(import.meta.url);
    lookup = (require('zipcodes') as { lookup: (zip: string) => ZipRow | undefined }).lookup;
  }
  const row = lookup(zip);
  if (!row || !Number.isFinite(row.latitude) || !Number.isFinite(row.longitude)) return null;
  return { zip: row.zip, lat: row.latitude, lng: row.longitude, city: row.city, state: row.state };
}

/** The ZIP codes within `miles` of a ZIP code's centroid (demo data around a clinic). */
export function zipsNear(zip: string, miles: number): ZipPlace[] {
  const require = createRequire(import.meta.url);
  const z = require('zipcodes') as {
    radius: (zip: string, miles: number) => string[];
  };
  return z
    .radius(zip, miles)
    .map((code) => zipCentroid(code))
    .filter((p): p is ZipPlace => p !== null);
}
