export * from './types.ts';
export { generateSlots, isSlotAvailable, nextAvailable } from './slots.ts';
export {
  addDays,
  addZonedDays,
  formatInZone,
  formatWallTime,
  isValidTimeZone,
  localDate,
  localDays,
  parseWallTime,
  resolveWallTime,
  wallClockOf,
  type LocalDay,
  type ResolvedTime,
} from './wall-clock.ts';
export {
  compilePlan,
  gridStarts,
  mergeRanges,
  workingIntervalsOn,
  type WallRange,
  type WorkingInterval,
  type WorkingPlan,
} from './working-hours.ts';
export { blockIndex, overlapsBlock, type BlockIndex, type MsRange } from './blocked.ts';
