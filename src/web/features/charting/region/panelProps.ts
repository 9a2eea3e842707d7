import type { ChartSafetyItem } from '../../../../domain/omt/charting/safety.ts';
import type { RegionId } from '../../../../domain/omt/regions.ts';
import type { ItemResult } from '../../../../domain/omt/safety/engine.ts';
import type { TechniqueId } from '../../../../domain/omt/techniques.ts';
import type { ChartState, RegionStatus } from '../chartState';

export type Update = (fn: (s: ChartState) => ChartState) => void;

/** What the region panel and each of its parts get from the charting page. */
export interface PanelProps {
  region: RegionId;
  state: ChartState;
  update: Update;
  status: RegionStatus;
  /** The message(s) for a field key, from the server's last refusal and the live engines. */
  errorOf: (key: string) => string | null;
  /** Only the server's message(s) for a field key (where the live engine's are shown otherwise). */
  serverErrorOf: (key: string) => string | null;
  /** The live safety verdict of a charted technique, by its local key. */
  itemOf: (key: string) => ChartSafetyItem | undefined;
  /** Every technique's verdict for this region (marks the technique picker). */
  pickerVerdicts: Map<TechniqueId, ItemResult>;
  allowOverride: boolean;
  patientId: string;
  encounterId: string;
}

/** The value of a choice that is not assessed or not recorded. */
export const NA = 'na';

/** A number input's value as a number, or null when it is empty. */
export const numOrNull = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
