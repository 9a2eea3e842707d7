import { DEFAULT_NORM_SET, ROM_NORM_SETS, type Joint, type Motion } from '../../../../domain/omt/rom.ts';

/** The motions of a joint in a norm set (the joint's default set when none is chosen). */
export function motionsOf(joint: Joint, normSet: string | null): Motion[] {
  const set = ROM_NORM_SETS.find((s) => s.id === (normSet ?? DEFAULT_NORM_SET[joint]));
  return set ? (Object.keys(set.norms) as Motion[]) : [];
}
