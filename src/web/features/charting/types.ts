/**
 * Shapes of the charting API as the web app reads them (see src/server/features/charting/service.ts
 * and /api/openapi.json). Domain types come from the pure domain modules the server uses too.
 */
import type { CodingResult } from '../../../domain/omt/coding.ts';
import type { RegionId } from '../../../domain/omt/regions.ts';
import type { Joint, Motion, RomNorm } from '../../../domain/omt/rom.ts';
import type { Reason, RedFlag, Verdict } from '../../../domain/omt/safety/engine.ts';
import type { Policy } from '../../../domain/omt/safety/rules.ts';
import type { TechniqueId } from '../../../domain/omt/techniques.ts';
import type { ConsentValue, ResponseValue, ToleranceValue } from './vocab';

export type { RegionId, TechniqueId, Joint, Motion, Verdict };

export type EncounterStatus = 'draft' | 'signed' | 'discarded';

/** A TART severity 0–3 (none, mild, moderate, severe); null means not assessed. */
export type Severity = 0 | 1 | 2 | 3;

export interface Tart {
  tissueTexture: number | null;
  asymmetry: number | null;
  restriction: number | null;
  tenderness: number | null;
}

export interface TenderPoint {
  name: string;
  side: 'L' | 'R' | 'midline' | null;
  tenderness: number | null;
  tendernessAfter: number | null;
}

export interface ExamEntry {
  region: RegionId;
  tart: Tart;
  segmental: string[];
  otherDiagnoses: string[];
  tenderPoints: TenderPoint[];
  note: string | null;
}

export interface RomEntry {
  joint: Joint;
  motion: Motion;
  side: 'L' | 'R' | null;
  phase: 'pre' | 'post';
  degrees: number;
  normSet: string | null;
}

export interface TechniqueEntry {
  technique: TechniqueId;
  holdSeconds: number | null;
  repetitions: number | null;
  tenderPoint: string | null;
  note: string | null;
  safetyReason: string | null;
  override: boolean;
}

export interface TreatmentEntry {
  region: RegionId;
  techniques: TechniqueEntry[];
  response: ResponseValue | null;
  tolerance: ToleranceValue | null;
  adverseEvents: string | null;
}

export interface SameDayEm {
  significantAndSeparate: boolean;
  standsAlone?: boolean;
  documentedSeparately?: boolean;
  levelledByTime?: boolean;
  omtTimeExcluded?: boolean;
}

export interface Consent {
  omt: ConsentValue;
  hvla: ConsentValue;
  note: string | null;
}

export interface NoteAdditions {
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
}

/** The body of POST /patients/:id/encounters and PUT /encounters/:id. */
export interface ChartBody {
  chiefComplaint: string;
  historyUpdate: string;
  painBefore: number | null;
  painAfter: number | null;
  consent: Consent;
  sameDayEm: SameDayEm | null;
  exam: ExamEntry[];
  rom: RomEntry[];
  treatment: TreatmentEntry[];
  redFlagReason: string | null;
  notes: NoteAdditions;
  followUp: string | null;
  version?: number;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface Amendment {
  id: string;
  noteId: string;
  section: string;
  reason: string;
  text: string;
  author: PersonRef;
  createdAt: string;
}

export interface NoteView {
  id?: string;
  status: EncounterStatus;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  coding?: CodingResult;
  signedAt?: string;
  signedBy?: PersonRef;
  contentHash?: string;
  amendments: Amendment[];
}

export interface ParsedDiagnosis {
  notation: string;
  fryetteType: 'I' | 'II';
  warnings: string[];
}

export interface RomView extends RomEntry {
  region: RegionId;
  normSetLabel: string;
  normal: RomNorm;
  percentOfNormal: number;
}

export interface TechniqueView extends TechniqueEntry {
  safety: { verdict: string; rules: string[]; override: boolean } | null;
}

export interface ExamView extends ExamEntry {
  diagnoses: ParsedDiagnosis[];
}

export interface TreatmentView extends Omit<TreatmentEntry, 'techniques'> {
  techniques: TechniqueView[];
}

export interface EncounterView {
  id: string;
  patientId: string;
  status: EncounterStatus;
  version: number;
  /** The appointment this visit documents (Start note on the schedule). */
  appointmentId?: string | null;
  /** A discarded draft's tombstone. */
  discarded?: { at: string; by: string | null; reason: string } | null;
  /** From Start note: whether the visit was created just now or already existed. */
  created?: boolean;
  occurredAt: string;
  date: string;
  practitionerId: string | null;
  practitioner: PersonRef | null;
  signedAt: string | null;
  signedBy: PersonRef | null;
  chiefComplaint: string;
  historyUpdate: string;
  painBefore: number | null;
  painAfter: number | null;
  consent: Consent;
  sameDayEm: SameDayEm | null;
  redFlagReason: string | null;
  notes: NoteAdditions;
  followUp: string | null;
  exam: ExamView[];
  rom: RomView[];
  treatment: TreatmentView[];
  warnings: { path: string; message: string }[];
  coding: CodingResult;
  note: NoteView;
  emergencyAccess?: { expiresAt: string };
}

/** The coding of a visit in the visit list, derived on the server from what was documented. */
export interface ListCoding {
  cpt: string | null;
  /** Regions counted toward the CPT level (treated and with a TART finding). */
  regionCount: number;
  /** M99.0x of each region with documented somatic dysfunction. */
  icd10: string[];
}

/** GET /patients/:id/encounters (front desk and patients: no clinical fields, no coding). */
export interface EncounterListItem {
  id: string;
  status: EncounterStatus;
  occurredAt: string;
  date: string;
  practitioner: PersonRef | null;
  signedAt: string | null;
  chiefComplaint?: string;
  painBefore?: number | null;
  painAfter?: number | null;
  coding?: ListCoding;
}

/**
 * GET /patients/:id/encounters/latest-findings: `chart` is a body POST /patients/:id/encounters
 * accepts as it is; `source` (read-only) says which signed visit it comes from.
 */
export interface LatestFindings {
  source: { encounterId: string; occurredAt: string; date: string } | null;
  chart: Pick<ChartBody, 'exam' | 'rom'>;
}

export interface RegionHistoryEntry {
  encounterId: string;
  status: EncounterStatus;
  occurredAt: string;
  date: string;
  region: RegionId;
  painBefore: number | null;
  painAfter: number | null;
  exam: ExamView | null;
  rom: RomView[];
  treatment: TreatmentView | null;
}

export interface RegionHistory {
  region: RegionId | null;
  results: RegionHistoryEntry[];
}

export interface OmtSettings {
  safetyPolicy: Policy;
  allowContraindicatedOverride: boolean;
}

export interface VisitSummary {
  encounterId: string;
  status: EncounterStatus;
  visitDate: string;
  practitionerName: string | null;
  reasonForVisit: string | null;
  whatWeFound: string;
  whatWeDid: { area: string; techniques: string[] }[];
  aboutTechniques: { name: string; description: string }[];
  pain: string | null;
  aftercare: string[];
  whenToCall: string[];
  followUp: string | null;
  text: string;
}

/** The extra members of a 422 safety problem. */
export interface SafetyProblemItem {
  path: string;
  region: RegionId;
  technique: TechniqueId;
  verdict: Verdict;
  decision: string;
  reasons: Pick<Reason, 'rule' | 'severity' | 'message' | 'source'>[];
  alternatives: TechniqueId[];
}

export type { Reason, RedFlag, Policy, CodingResult };
