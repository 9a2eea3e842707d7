import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Group,
  NativeSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  MIN_REASON_LENGTH,
  NON_OVERRIDABLE_RULES,
  type ChartSafetyItem,
} from '../../../domain/omt/charting/safety.ts';
import { REGION_BY_ID, type RegionId } from '../../../domain/omt/regions.ts';
import { DEFAULT_NORM_SET, ROM_NORM_SETS, type Joint, type Motion } from '../../../domain/omt/rom.ts';
import type { ItemResult } from '../../../domain/omt/safety/engine.ts';
import { TECHNIQUE_IDS, techniqueLabel, type TechniqueId } from '../../../domain/omt/techniques.ts';
import { useApiGet, type ApiResource } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import {
  emptyExam,
  emptyTreatment,
  formatNorm,
  newTechnique,
  readRom,
  readSegmental,
  removeAt,
  replaceAt,
  repeatTechniques,
  withExam,
  withTreatment,
  type ChartState,
  type RegionStatus,
  type RomRow,
} from './chartState';
import { humanizeValue, painChange, regionWithCode, tartSummary, techniqueName } from './format';
import { HoldTimer } from './HoldTimer';
import type {
  ExamEntry,
  RegionHistory,
  TechniqueEntry,
  TenderPoint,
  TreatmentEntry,
} from '../../../contracts/charting.ts';
import { Choice, fid, VerdictBadge, verdictLabel } from './ui';
import {
  filterTechniqueOptions,
  jointsOfRegion,
  JOINT_LABELS,
  MOTION_LABELS,
  romNeedsSide,
  SEVERITY_WORDS,
  TART_KEYS,
  TART_LABELS,
  TOLERANCES,
  TREATMENT_RESPONSES,
} from './vocab';

/** Spinal regions whose segmental diagnoses the notation parser reads (C1–L5). */
const NOTATION_REGIONS: readonly RegionId[] = ['cervical', 'thoracic', 'lumbar'];
const TENDER_POINT_TECHNIQUES: readonly TechniqueId[] = [
  'counterstrain',
  'facilitated-positional-release',
  'chapman-reflex',
];

type Update = (fn: (s: ChartState) => ChartState) => void;

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

const NA = 'na';
const numOrNull = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function RegionPanel(props: PanelProps) {
  const { region, status } = props;
  const r = REGION_BY_ID[region];
  return (
    <Stack gap="lg" component="section" aria-labelledby="region-panel-title" className="chart-card">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Title order={2} size="h3" id="region-panel-title">
            {r.label}
          </Title>
          <Text size="xs" c="dimmed">
            ICD-10-CM {r.icd10} · {status.counted ? 'counts toward the CPT level' : 'not counted for CPT yet'}
          </Text>
        </Stack>
        <Group gap={4}>
          {status.findings ? (
            <Badge variant="outline" color="amber" tt="none">
              Findings
            </Badge>
          ) : null}
          {status.treated ? (
            <Badge variant="filled" color="sage" tt="none" leftSection={<span aria-hidden="true">✓</span>}>
              Treated
            </Badge>
          ) : null}
        </Group>
      </Group>
      <ExamSection {...props} />
      {jointsOfRegion(region).length > 0 ? <RomSection {...props} /> : null}
      <TreatmentSection {...props} />
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Exam

function ExamSection({ region, state, update, errorOf }: PanelProps) {
  const exam: ExamEntry = state.exam.find((e) => e.region === region) ?? emptyExam(region);
  const setExam = (fn: (e: ExamEntry) => ExamEntry) => update((s) => withExam(s, region, fn));
  const key = `exam:${region}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby="exam-title">
      <Title order={3} size="h4" id="exam-title">
        Structural exam
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        {TART_KEYS.map((k) => (
          <Choice
            key={k}
            id={fid(`${key}/tart/${k}`)}
            label={TART_LABELS[k]}
            size="xs"
            value={exam.tart[k] === null || exam.tart[k] === undefined ? NA : String(exam.tart[k])}
            onChange={(v) =>
              setExam((e) => ({ ...e, tart: { ...e.tart, [k]: v === NA ? null : Number(v) } }))
            }
            error={errorOf(`${key}/tart/${k}`)}
            data={[
              {
                value: NA,
                label: (
                  <>
                    <span aria-hidden="true">—</span>
                    <span className="visually-hidden">Not assessed</span>
                  </>
                ),
              },
              ...SEVERITY_WORDS.map((w, i) => ({ value: String(i), label: humanizeValue(w) })),
            ]}
          />
        ))}
      </SimpleGrid>
      {NOTATION_REGIONS.includes(region) ? (
        <StringList
          title="Segmental diagnoses"
          description="Standard notation, e.g. T4 ERS(L), L2 FRS(R), T5-T9 NSLRR. Read as you type."
          addLabel="Add segmental diagnosis"
          itemLabel={(i) => `Segmental diagnosis ${i + 1}`}
          keyOf={(i) => `${key}/segmental/${i}`}
          items={exam.segmental}
          onChange={(segmental) => setExam((e) => ({ ...e, segmental }))}
          errorOf={errorOf}
          placeholder="e.g. L4 FRS(R)"
          reading={(value) => {
            if (!value.trim()) return null;
            const r = readSegmental(value, region);
            if (!r.ok) return { kind: 'error', text: r.errors.join(' ') };
            return { kind: r.warnings.length ? 'warning' : 'ok', text: r.description, warnings: r.warnings };
          }}
        />
      ) : null}
      <StringList
        title={NOTATION_REGIONS.includes(region) ? 'Other diagnoses' : 'Diagnoses'}
        description={
          region === 'sacral' || region === 'pelvic'
            ? 'In words, e.g. left-on-left forward sacral torsion, right posterior innominate.'
            : 'Somatic dysfunction described in words.'
        }
        addLabel="Add diagnosis"
        itemLabel={(i) => `Diagnosis ${i + 1}`}
        keyOf={(i) => `${key}/otherDiagnoses/${i}`}
        items={exam.otherDiagnoses}
        onChange={(otherDiagnoses) => setExam((e) => ({ ...e, otherDiagnoses }))}
        errorOf={errorOf}
      />
      <TenderPoints
        region={region}
        points={exam.tenderPoints}
        onChange={(tenderPoints) => setExam((e) => ({ ...e, tenderPoints }))}
        errorOf={errorOf}
      />
    </Stack>
  );
}

type Reading = { kind: 'ok' | 'warning' | 'error'; text: string; warnings?: string[] } | null;

function StringList({
  title,
  description,
  addLabel,
  itemLabel,
  keyOf,
  items,
  onChange,
  errorOf,
  placeholder,
  reading,
}: {
  title: string;
  description: string;
  addLabel: string;
  itemLabel: (i: number) => string;
  keyOf: (i: number) => string;
  items: string[];
  onChange: (items: string[]) => void;
  errorOf: (key: string) => string | null;
  placeholder?: string;
  reading?: (value: string) => Reading;
}) {
  const add = () => {
    onChange([...items, '']);
    window.requestAnimationFrame(() => document.getElementById(fid(keyOf(items.length)))?.focus());
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Text size="xs" c="dimmed" mt={-4}>
        {description}
      </Text>
      {items.map((value, i) => {
        const k = keyOf(i);
        const read = reading?.(value) ?? null;
        const serverError = errorOf(k);
        return (
          <Stack key={i} gap={2}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                id={fid(k)}
                aria-label={itemLabel(i)}
                placeholder={placeholder}
                value={value}
                onChange={(e) => onChange(replaceAt(items, i, e.currentTarget.value))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    add();
                  }
                }}
                error={serverError ?? (read?.kind === 'error' ? read.text : undefined)}
                style={{ flex: 1 }}
                autoComplete="off"
                spellCheck={false}
              />
              <CloseButton
                aria-label={`Remove ${itemLabel(i).toLowerCase()}`}
                onClick={() => onChange(removeAt(items, i))}
                mt={4}
              />
            </Group>
            {read && read.kind !== 'error' ? (
              <Text size="xs" c={read.kind === 'warning' ? 'amber.9' : 'sage.8'}>
                <span aria-hidden="true">{read.kind === 'warning' ? '⚠ ' : '✓ '}</span>
                Reads as: {read.text}
                {read.warnings?.map((w) => (
                  <span key={w} style={{ display: 'block' }}>
                    Fryette: {w}
                  </span>
                ))}
              </Text>
            ) : null}
          </Stack>
        );
      })}
      <div>
        <Button variant="light" size="compact-sm" onClick={add}>
          {addLabel}
        </Button>
      </div>
    </Stack>
  );
}

function TenderPoints({
  region,
  points,
  onChange,
  errorOf,
}: {
  region: RegionId;
  points: TenderPoint[];
  onChange: (p: TenderPoint[]) => void;
  errorOf: (key: string) => string | null;
}) {
  const key = (i: number) => `exam:${region}/tenderPoints/${i}`;
  const set = (i: number, patch: Partial<TenderPoint>) =>
    onChange(replaceAt(points, i, { ...points[i]!, ...patch }));
  const score = (v: string) => (v === '' ? null : Number(v));
  const scores = [{ value: '', label: '—' }, ...Array.from({ length: 11 }, (_, n) => String(n))];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Counterstrain tender points
      </Text>
      {points.map((p, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="wrap" className="chart-subcard">
          <TextInput
            id={fid(`${key(i)}/name`)}
            label="Tender point"
            placeholder="e.g. Posterior L5 (PL5)"
            value={p.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
            error={errorOf(`${key(i)}/name`)}
            style={{ flex: '1 1 180px' }}
            autoComplete="off"
          />
          <NativeSelect
            label="Side"
            value={p.side ?? ''}
            onChange={(e) => set(i, { side: (e.currentTarget.value || null) as TenderPoint['side'] })}
            data={[
              { value: '', label: '—' },
              { value: 'L', label: 'Left' },
              { value: 'R', label: 'Right' },
              { value: 'midline', label: 'Midline' },
            ]}
            w={96}
          />
          <NativeSelect
            label="Before (0–10)"
            value={p.tenderness === null ? '' : String(p.tenderness)}
            onChange={(e) => set(i, { tenderness: score(e.currentTarget.value) })}
            data={scores}
            w={104}
          />
          <NativeSelect
            label="After (0–10)"
            value={p.tendernessAfter === null ? '' : String(p.tendernessAfter)}
            onChange={(e) => set(i, { tendernessAfter: score(e.currentTarget.value) })}
            data={scores}
            w={104}
          />
          <CloseButton
            aria-label={`Remove tender point ${p.name || i + 1}`}
            onClick={() => onChange(removeAt(points, i))}
            mb={6}
          />
        </Group>
      ))}
      <div>
        <Button
          variant="light"
          size="compact-sm"
          onClick={() => {
            onChange([...points, { name: '', side: null, tenderness: null, tendernessAfter: null }]);
            window.requestAnimationFrame(() =>
              document.getElementById(fid(`${key(points.length)}/name`))?.focus(),
            );
          }}
        >
          Add tender point
        </Button>
      </div>
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Range of motion

function motionsOf(joint: Joint, normSet: string | null): Motion[] {
  const set = ROM_NORM_SETS.find((s) => s.id === (normSet ?? DEFAULT_NORM_SET[joint]));
  return set ? (Object.keys(set.norms) as Motion[]) : [];
}

function RomSection({ region, state, update, errorOf }: PanelProps) {
  const joints = jointsOfRegion(region);
  const rows = state.rom
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => joints.includes(row.joint));
  const setRow = (index: number, patch: Partial<RomRow>) =>
    update((s) => {
      const row = { ...s.rom[index]!, ...patch };
      if (!romNeedsSide(row.joint, row.motion)) row.side = null;
      if (!motionsOf(row.joint, row.normSet).includes(row.motion))
        row.motion = motionsOf(row.joint, row.normSet)[0] ?? row.motion;
      return { ...s, rom: replaceAt(s.rom, index, row) };
    });
  const add = () => {
    const joint = joints[0]!;
    const motion = motionsOf(joint, null)[0]!;
    const index = state.rom.length;
    update((s) => ({
      ...s,
      rom: [
        ...s.rom,
        {
          joint,
          motion,
          side: romNeedsSide(joint, motion) ? 'R' : null,
          phase: 'pre',
          degrees: null,
          normSet: null,
        },
      ],
    }));
    window.requestAnimationFrame(() => document.getElementById(fid(`rom:${index}/motion`))?.focus());
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="rom-title">
      <Title order={3} size="h4" id="rom-title">
        Range of motion
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No measurements for this region yet.
        </Text>
      ) : null}
      {rows.map(({ row, index }) => {
        const reading = readRom(row);
        const k = `rom:${index}`;
        const needsSide = romNeedsSide(row.joint, row.motion);
        return (
          <Stack key={index} gap={6} className="chart-subcard" id={fid(k)} tabIndex={-1}>
            <Group gap="xs" align="flex-end" wrap="wrap">
              <NativeSelect
                id={fid(`${k}/motion`)}
                label={`${JOINT_LABELS[row.joint]} motion`}
                value={row.motion}
                onChange={(e) => setRow(index, { motion: e.currentTarget.value as Motion })}
                data={motionsOf(row.joint, row.normSet).map((m) => ({ value: m, label: MOTION_LABELS[m] }))}
                error={errorOf(`${k}/motion`)}
                style={{ flex: '1 1 150px' }}
              />
              {needsSide ? (
                <NativeSelect
                  id={fid(`${k}/side`)}
                  label="Side"
                  value={row.side ?? ''}
                  onChange={(e) => setRow(index, { side: (e.currentTarget.value || null) as RomRow['side'] })}
                  data={[
                    { value: '', label: '—' },
                    { value: 'L', label: 'Left' },
                    { value: 'R', label: 'Right' },
                  ]}
                  error={errorOf(`${k}/side`)}
                  w={90}
                />
              ) : null}
              <NativeSelect
                label="When"
                value={row.phase}
                onChange={(e) => setRow(index, { phase: e.currentTarget.value as RomRow['phase'] })}
                data={[
                  { value: 'pre', label: 'Before OMT' },
                  { value: 'post', label: 'After OMT' },
                ]}
                w={136}
              />
              <NumberInput
                id={fid(`${k}/degrees`)}
                label="Degrees"
                min={0}
                max={360}
                value={row.degrees ?? ''}
                onChange={(v) => setRow(index, { degrees: numOrNull(v) })}
                error={errorOf(`${k}/degrees`)}
                w={96}
                allowNegative={false}
                decimalScale={1}
              />
              <CloseButton
                aria-label={`Remove ${JOINT_LABELS[row.joint].toLowerCase()} ${MOTION_LABELS[row.motion].toLowerCase()} measurement`}
                onClick={() => update((s) => ({ ...s, rom: removeAt(s.rom, index) }))}
                mb={6}
              />
            </Group>
            <Group gap="xs" align="center" wrap="wrap">
              <NativeSelect
                size="xs"
                label="Norm set"
                value={row.normSet ?? DEFAULT_NORM_SET[row.joint]}
                onChange={(e) => setRow(index, { normSet: e.currentTarget.value })}
                data={ROM_NORM_SETS.filter((s) => s.joint === row.joint).map((s) => ({
                  value: s.id,
                  label: s.label,
                }))}
                error={errorOf(`${k}/normSet`)}
                style={{ flex: '1 1 200px' }}
              />
              <Text size="sm" aria-live="polite" style={{ flex: '1 1 160px' }}>
                {reading ? (
                  <>
                    Norm {formatNorm(reading.normal)}
                    {reading.percent !== null ? (
                      <>
                        {' · '}
                        <strong>{reading.percent}% of normal</strong>
                      </>
                    ) : null}
                  </>
                ) : (
                  'No norm for this motion in the chosen set.'
                )}
              </Text>
            </Group>
            {errorOf(k) ? (
              <Text size="xs" c="red.8">
                {errorOf(k)}
              </Text>
            ) : null}
          </Stack>
        );
      })}
      <div>
        <Button variant="light" size="compact-sm" onClick={add}>
          Add {JOINT_LABELS[joints[0]!].toLowerCase()} measurement
        </Button>
      </div>
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Treatment

function TreatmentSection(props: PanelProps) {
  const { region, state, update, errorOf, pickerVerdicts, patientId, encounterId } = props;
  const treatment: TreatmentEntry =
    state.treatment.find((t) => t.region === region) ?? emptyTreatment(region);
  const setTreatment = (fn: (t: TreatmentEntry) => TreatmentEntry) =>
    update((s) => withTreatment(s, region, fn));
  const key = `treatment:${region}`;
  const history = useApiGet<RegionHistory>(
    `/api/v1/patients/${patientId}/region-history?region=${encodeURIComponent(region)}`,
  );
  const past = (history.data?.results ?? []).filter((h) => h.encounterId !== encounterId);
  const lastTreated = past.find((h) => h.treatment && h.treatment.techniques.length > 0);
  const [picked, setPicked] = useState<string | null>(null);

  const addTechnique = (id: TechniqueId) => {
    const index = treatment.techniques.length;
    setTreatment((t) => ({ ...t, techniques: [...t.techniques, newTechnique(id)] }));
    setPicked(null);
    window.requestAnimationFrame(() => document.getElementById(fid(`${key}/techniques/${index}`))?.focus());
  };

  const pickerData = TECHNIQUE_IDS.map((id) => {
    const v = pickerVerdicts.get(id)?.verdict ?? 'ok';
    const used = treatment.techniques.some((x) => x.technique === id);
    return {
      value: id,
      label: `${techniqueLabel(id)}${v !== 'ok' ? ` — ${verdictLabel(v).toLowerCase()}` : ''}${used ? ' (added)' : ''}`,
    };
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="treatment-title">
      <Title order={3} size="h4" id="treatment-title">
        Treatment
      </Title>
      {treatment.techniques.length === 0 && lastTreated?.treatment ? (
        <Alert color="sage" variant="light" title="Last visit in this region" p="sm">
          <Text size="sm">
            {lastTreated.date}:{' '}
            {lastTreated.treatment.techniques.map((x) => techniqueName(x.technique)).join(', ')}
            {lastTreated.treatment.response
              ? ` — ${humanizeValue(lastTreated.treatment.response).toLowerCase()}`
              : ''}
          </Text>
          <Button
            mt="xs"
            size="compact-sm"
            onClick={() =>
              setTreatment((t) => ({ ...t, techniques: repeatTechniques(lastTreated.treatment!) }))
            }
          >
            Repeat these techniques
          </Button>
        </Alert>
      ) : null}
      {treatment.techniques.map((x, j) => (
        <TechniqueCard
          key={`${x.technique}-${j}`}
          {...props}
          index={j}
          entry={x}
          onChange={(next) => setTreatment((t) => ({ ...t, techniques: replaceAt(t.techniques, j, next) }))}
          onRemove={() => setTreatment((t) => ({ ...t, techniques: removeAt(t.techniques, j) }))}
        />
      ))}
      <Select
        label="Add technique"
        description="Marked with the live safety verdict for this patient and region."
        placeholder="Choose, or type a name or abbreviation (HVLA, MET, CS…)"
        searchable
        data={pickerData}
        filter={filterTechniqueOptions}
        value={picked}
        onChange={(v) => {
          if (v) addTechnique(v as TechniqueId);
        }}
        nothingFoundMessage="No technique matches"
        comboboxProps={{ withinPortal: true }}
        maw={420}
      />
      {treatment.techniques.length > 0 ? (
        <>
          <Choice
            id={fid(`${key}/response`)}
            label="Response"
            size="xs"
            value={treatment.response ?? NA}
            onChange={(v) => setTreatment((t) => ({ ...t, response: v === NA ? null : v }))}
            error={errorOf(`${key}/response`)}
            data={[
              { value: NA, label: <NotRecorded /> },
              ...TREATMENT_RESPONSES.map((v) => ({ value: v, label: humanizeValue(v) })),
            ]}
          />
          <Choice
            id={fid(`${key}/tolerance`)}
            label="Tolerance"
            size="xs"
            value={treatment.tolerance ?? NA}
            onChange={(v) => setTreatment((t) => ({ ...t, tolerance: v === NA ? null : v }))}
            error={errorOf(`${key}/tolerance`)}
            data={[
              { value: NA, label: <NotRecorded /> },
              ...TOLERANCES.map((v) => ({ value: v, label: humanizeValue(v) })),
            ]}
          />
          <TextInput
            id={fid(`${key}/adverseEvents`)}
            label="Adverse events"
            placeholder="None"
            value={treatment.adverseEvents ?? ''}
            onChange={(e) => {
              const adverseEvents = e.currentTarget.value;
              setTreatment((t) => ({ ...t, adverseEvents }));
            }}
            error={errorOf(`${key}/adverseEvents`)}
          />
        </>
      ) : null}
      <RegionHistorySection history={history} past={past} region={region} />
    </Stack>
  );
}

function NotRecorded() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">Not recorded</span>
    </>
  );
}

function TechniqueCard({
  region,
  index,
  entry,
  onChange,
  onRemove,
  errorOf,
  serverErrorOf,
  itemOf,
  allowOverride,
}: PanelProps & {
  index: number;
  entry: TechniqueEntry;
  onChange: (next: TechniqueEntry) => void;
  onRemove: () => void;
}) {
  const key = `treatment:${region}/techniques/${index}`;
  const item = itemOf(key);
  const verdict = item?.verdict ?? 'ok';
  const name = techniqueName(entry.technique);
  const set = (patch: Partial<TechniqueEntry>) => onChange({ ...entry, ...patch });
  // The live verdict and reasons are shown above; this is what the server said when it refused a save.
  const techniqueError = serverErrorOf(`${key}/technique`);
  // The reasons are shown above, so the live messages here stay short; a refused save shows the server's.
  const reasonError =
    serverErrorOf(`${key}/safetyReason`) ??
    (errorOf(`${key}/safetyReason`)
      ? `Document why it is appropriate (at least ${MIN_REASON_LENGTH} characters).`
      : null);
  const overrideError =
    serverErrorOf(`${key}/override`) ??
    (errorOf(`${key}/override`) ? 'To proceed anyway, tick override and document the reason.' : null);
  const locked = (item?.reasons ?? []).some((r) => NON_OVERRIDABLE_RULES.includes(r.rule));
  const canOverride = verdict === 'contraindicated' && allowOverride && !locked;
  const showReason =
    verdict === 'caution' || canOverride || !!reasonError || (entry.safetyReason ?? '').trim() !== '';
  const titleId = `${fid(key)}-title`;
  return (
    <Stack
      gap="xs"
      className="chart-subcard"
      data-verdict={verdict}
      id={fid(key)}
      tabIndex={-1}
      role="group"
      aria-labelledby={titleId}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
          <Text fw={700} id={titleId}>
            {name}
          </Text>
          <VerdictBadge verdict={verdict} />
        </Group>
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          onClick={onRemove}
          aria-label={`Remove ${name}`}
          style={{ flexShrink: 0 }}
        >
          Remove
        </Button>
      </Group>
      {item && item.verdict !== 'ok' ? (
        <Stack gap={4}>
          {item.reasons.map((r) => (
            <Text key={r.rule} size="sm">
              <strong>{r.severity === 'absolute' ? 'Absolute' : 'Relative'}:</strong> {r.message}{' '}
              <Text span size="xs" c="dimmed">
                ({r.rule})
              </Text>
            </Text>
          ))}
          {item.alternatives.length ? (
            <Group gap={6} wrap="wrap">
              <Text size="xs">Alternatives:</Text>
              {item.alternatives.map((alt) => (
                <Button
                  key={alt}
                  size="compact-xs"
                  variant="default"
                  onClick={() => set({ technique: alt, safetyReason: null, override: false })}
                  aria-label={`Use ${techniqueName(alt)} instead of ${name}`}
                >
                  {techniqueName(alt)}
                </Button>
              ))}
            </Group>
          ) : null}
        </Stack>
      ) : null}
      {techniqueError ? (
        <Text size="sm" c="red.8" fw={500} id={`${fid(key)}-error`}>
          <span aria-hidden="true">✕ </span>
          {techniqueError}
        </Text>
      ) : null}
      {entry.technique === 'counterstrain' ? (
        <HoldTimer
          label={`${name}, ${REGION_BY_ID[region].label.toLowerCase()}${entry.tenderPoint ? `, ${entry.tenderPoint}` : ''}`}
          defaultSeconds={region === 'rib-cage' ? 120 : 90}
          onHeld={(seconds) => set({ holdSeconds: seconds })}
        />
      ) : null}
      <Group gap="xs" wrap="wrap" align="flex-start">
        {TENDER_POINT_TECHNIQUES.includes(entry.technique) ? (
          <TextInput
            id={fid(`${key}/tenderPoint`)}
            label="Tender point"
            value={entry.tenderPoint ?? ''}
            onChange={(e) => set({ tenderPoint: e.currentTarget.value })}
            error={errorOf(`${key}/tenderPoint`)}
            style={{ flex: '1 1 140px' }}
            autoComplete="off"
          />
        ) : null}
        <NumberInput
          id={fid(`${key}/holdSeconds`)}
          label="Hold (s)"
          min={0}
          max={3600}
          value={entry.holdSeconds ?? ''}
          onChange={(v) => set({ holdSeconds: numOrNull(v) })}
          error={errorOf(`${key}/holdSeconds`)}
          w={96}
          allowNegative={false}
          allowDecimal={false}
        />
        <NumberInput
          id={fid(`${key}/repetitions`)}
          label="Repetitions"
          min={0}
          max={100}
          value={entry.repetitions ?? ''}
          onChange={(v) => set({ repetitions: numOrNull(v) })}
          error={errorOf(`${key}/repetitions`)}
          w={110}
          allowNegative={false}
          allowDecimal={false}
        />
        <TextInput
          id={fid(`${key}/note`)}
          label="Note"
          value={entry.note ?? ''}
          onChange={(e) => set({ note: e.currentTarget.value })}
          error={errorOf(`${key}/note`)}
          style={{ flex: '2 1 180px' }}
        />
      </Group>
      {canOverride ? (
        <Checkbox
          id={fid(`${key}/override`)}
          label="Override this contraindication (the clinic allows it; the reason is audited)"
          checked={entry.override}
          onChange={(e) => set({ override: e.currentTarget.checked })}
          error={overrideError}
        />
      ) : overrideError ? (
        <Text size="sm" c="red.8">
          {overrideError}
        </Text>
      ) : null}
      {verdict === 'contraindicated' && !canOverride ? (
        <Text size="sm" c="red.9">
          {locked
            ? 'This cannot be overridden: remove the technique.'
            : 'The clinic does not allow overrides: remove it or use an alternative.'}
        </Text>
      ) : null}
      {showReason ? (
        <Textarea
          id={fid(`${key}/safetyReason`)}
          label={
            verdict === 'contraindicated' ? 'Reason for overriding' : 'Why it is appropriate (safety reason)'
          }
          description={`At least ${MIN_REASON_LENGTH} characters; kept with the chart and the audit log.`}
          autosize
          minRows={2}
          value={entry.safetyReason ?? ''}
          onChange={(e) => set({ safetyReason: e.currentTarget.value })}
          error={reasonError}
        />
      ) : null}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Region history

function RegionHistorySection({
  history,
  past,
  region,
}: {
  history: ApiResource<RegionHistory>;
  past: RegionHistory['results'];
  region: RegionId;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? past : past.slice(0, 3);
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-title" mt="sm">
      <Title order={3} size="h4" id="history-title">
        {regionWithCode(region)} across visits
      </Title>
      {history.loading ? <Loading label="Loading region history…" /> : null}
      <ProblemAlert error={history.error} title="Region history could not be loaded" />
      {!history.loading && !history.error && past.length === 0 ? (
        <Text size="sm" c="dimmed">
          No earlier visit charted this region.
        </Text>
      ) : null}
      {shown.length ? (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {shown.map((h) => (
            <li key={h.encounterId}>
              <Stack gap={2} className="chart-subcard">
                <Group gap="xs">
                  <Text size="sm" fw={700}>
                    {h.date}
                  </Text>
                  <Badge
                    size="xs"
                    variant="outline"
                    color={h.status === 'signed' ? 'gray' : 'amber'}
                    tt="none"
                  >
                    {h.status === 'signed' ? 'Signed' : 'Draft'}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    Pain {painChange(h.painBefore, h.painAfter)}
                  </Text>
                </Group>
                <Text size="sm">
                  <strong>Exam:</strong> {tartSummary(h.exam?.tart)}
                  {h.exam?.segmental.length ? `; ${h.exam.segmental.join(', ')}` : ''}
                  {h.exam?.otherDiagnoses.length ? `; ${h.exam.otherDiagnoses.join('; ')}` : ''}
                </Text>
                {h.rom.length ? (
                  <Text size="sm">
                    <strong>ROM:</strong>{' '}
                    {h.rom
                      .map(
                        (m) =>
                          `${MOTION_LABELS[m.motion].toLowerCase()}${m.side ? ` ${m.side}` : ''} ${m.degrees}° (${m.percentOfNormal}%${m.phase === 'post' ? ', after' : ''})`,
                      )
                      .join(', ')}
                  </Text>
                ) : null}
                {h.treatment ? (
                  <Text size="sm">
                    <strong>Treated:</strong>{' '}
                    {h.treatment.techniques
                      .map(
                        (x) => `${techniqueName(x.technique)}${x.holdSeconds ? ` ${x.holdSeconds} s` : ''}`,
                      )
                      .join(', ')}
                    {h.treatment.response ? ` — ${humanizeValue(h.treatment.response).toLowerCase()}` : ''}
                  </Text>
                ) : null}
              </Stack>
            </li>
          ))}
        </Stack>
      ) : null}
      {past.length > 3 ? (
        <div>
          <Anchor component="button" type="button" size="sm" onClick={() => setAll((v) => !v)}>
            {all ? 'Show fewer visits' : `Show all ${past.length} visits`}
          </Anchor>
        </div>
      ) : null}
    </Stack>
  );
}
