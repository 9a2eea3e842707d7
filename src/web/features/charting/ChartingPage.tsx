import './charting.css';
import { Alert, Anchor, Badge, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { REGION_IDS, type RegionId } from '../../../domain/omt/regions.ts';
import { ApiError, api, request, toApiError } from '../../api/client';
import type { Patient } from '../../../contracts/patients.ts';
import { useApiGet } from '../../api/useApi';
import { FlagBadges } from '../../components/FlagBadges';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { useSession } from '../../auth/session';
import { birthDateWithAge } from '../../lib/format';
import { clearRescue, readRescue, registerFlush, writeRescue } from '../../lib/pendingWork';
import { BodyMap, RegionList } from './BodyMap';
import {
  chartBody,
  clientIssues,
  liveCoding,
  liveSafety,
  localizeErrors,
  localKey,
  patientFacts,
  regionOfKey,
  regionStatuses,
  sectionSnapshot,
  stateFromEncounter,
  verdictsForRegion,
  type ChartState,
} from './chartState';
import { regionName, techniqueName } from './format';
import { NoteDraft } from './NoteDraft';
import { CodingPanel, SafetyPanel } from './Panels';
import { RegionPanel } from './RegionPanel';
import { SignedVisit } from './SignedVisit';
import type { EncounterView, OmtSettings } from '../../../contracts/charting.ts';
import { focusField, joinErrors } from './ui';
import { useUnsavedChangesGuard } from './unsavedGuard';
import { VisitHeader } from './VisitHeader';
import { DiscardDraftButton } from './DiscardDraftButton';

/** `/app/visits/:id`: the charting screen of a draft visit, or the signed note once signed. */
export default function ChartingPage() {
  usePageTitle('Visit');
  const { id = '' } = useParams();
  const encounter = useApiGet<EncounterView>(`/api/v1/encounters/${id}`);
  const patientId = encounter.data?.patientId ?? null;
  const patient = useApiGet<Patient>(patientId ? `/api/v1/patients/${patientId}` : null);
  const settings = useApiGet<OmtSettings>('/api/v1/omt/settings');
  const [searchParams] = useSearchParams();
  const [notice, setNotice] = useState(() =>
    searchParams.get('reopened') === '1'
      ? 'This patient already had an open draft for that day: it is opened here instead of a second one.'
      : '',
  );

  if (encounter.error) return <ProblemAlert error={encounter.error} title="The visit could not be loaded" />;
  if (patient.error)
    return <ProblemAlert error={patient.error} title="The patient record could not be loaded" />;
  if (settings.error)
    return <ProblemAlert error={settings.error} title="The safety settings could not be loaded" />;
  if (!encounter.data || !patient.data || !settings.data) return <Loading label="Loading the visit…" />;

  const e = encounter.data;
  return (
    <Stack gap="md">
      <Group gap="md" className="no-print">
        <Anchor component={Link} to={`/app/patients/${e.patientId}/visits`} size="sm">
          ← Visits of this patient
        </Anchor>
        <Anchor component={Link} to={`/app/patients/${e.patientId}`} size="sm">
          Patient record
        </Anchor>
      </Group>
      <Stack gap={4}>
        <Group gap="sm" align="center">
          <Title order={1} size="h2" tabIndex={-1}>
            Visit {e.date}
          </Title>
          <Badge
            color={e.status === 'signed' ? 'sage' : e.status === 'discarded' ? 'gray' : 'amber'}
            variant={e.status === 'signed' ? 'filled' : 'outline'}
            tt="none"
            size="lg"
          >
            {e.status === 'signed' ? 'Signed' : e.status === 'discarded' ? 'Discarded' : 'Draft'}
          </Badge>
        </Group>
        <Text size="sm">
          <strong>{patient.data.name}</strong> · born {birthDateWithAge(patient.data.birthDate)}
          {e.practitioner ? ` · ${e.practitioner.name}` : ''}
        </Text>
        <FlagBadges flags={patient.data.flags} />
        <Text size="sm" role="status" fw={600} c="sage.8">
          {notice}
        </Text>
      </Stack>
      {e.status === 'discarded' ? (
        <Alert color="gray" title="This draft was discarded" role="status">
          <Text size="sm">
            Discarded on {e.discarded ? new Date(e.discarded.at).toLocaleString() : e.date}
            {e.discarded?.reason ? `: ${e.discarded.reason}` : ''}. It is kept in the clinic&apos;s records
            and can no longer be edited or signed.
          </Text>
        </Alert>
      ) : e.status === 'signed' ? (
        <SignedVisit encounter={e} />
      ) : (
        <ChartEditor
          // A reload after a conflict brings a newer version: the editor starts again from it.
          key={`${e.id}:${e.version}`}
          encounter={e}
          patient={patient.data}
          settings={settings.data}
          onSigned={(v) => {
            encounter.setData(v);
            setNotice('Signed: the note is locked. Corrections are added as amendments.');
            window.requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
          }}
          onReload={() => {
            encounter.reload();
            patient.reload();
            settings.reload();
          }}
        />
      )}
    </Stack>
  );
}

interface EditorProps {
  encounter: EncounterView;
  patient: Patient;
  settings: OmtSettings;
  onSigned: (v: EncounterView) => void;
  onReload: () => void;
}

function firstRegionWithFindings(s: ChartState): RegionId | null {
  const statuses = regionStatuses(s);
  return REGION_IDS.find((r) => statuses[r].findings || statuses[r].treated) ?? null;
}

type FieldError = { key: string; message: string; snapshot?: string };

const AUTOSAVE_AFTER_MS = 2_500;
/** While the user keeps typing, a save still goes out at least this often. */
const AUTOSAVE_MAX_WAIT_MS = 15_000;

const clockTime = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function ChartEditor({ encounter, patient, settings, onSigned, onReload }: EditorProps) {
  const userId = useSession().me.user.id;
  // Unsaved work of this tab (an idle sign-out, a reload, a refused save) comes back first.
  const [rescue] = useState(() => {
    const r = readRescue<ChartState>(userId, encounter.id);
    if (!r) return null;
    const same =
      JSON.stringify(chartBody(r.value).body) ===
      JSON.stringify(chartBody(stateFromEncounter(encounter)).body);
    if (same) {
      clearRescue(userId, encounter.id);
      return null;
    }
    return { ...r, current: r.version === encounter.version };
  });
  const [state, setState] = useState<ChartState>(() =>
    rescue?.current ? rescue.value : stateFromEncounter(encounter),
  );
  const [version, setVersion] = useState(encounter.version);
  const [savedJson, setSavedJson] = useState(() =>
    JSON.stringify(chartBody(stateFromEncounter(encounter)).body),
  );
  const [staleRescue, setStaleRescue] = useState(rescue && !rescue.current ? rescue : null);
  const [selected, setSelected] = useState<RegionId | null>(() =>
    firstRegionWithFindings(stateFromEncounter(encounter)),
  );
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState<'save' | 'sign' | null>(null);
  const [status, setStatus] = useState('');
  const [confirmSign, setConfirmSign] = useState(false);
  // The draft note as the server generated it from the last save (additions included).
  const [savedNote, setSavedNote] = useState(encounter.note);
  const summaryRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef(false);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const update = useCallback((fn: (s: ChartState) => ChartState) => setState(fn), []);

  const { body, index } = useMemo(() => chartBody(state), [state]);
  const bodyJson = useMemo(() => JSON.stringify(body), [body]);
  const dirty = bodyJson !== savedJson;
  const safetyCtx = useMemo(
    () => ({
      patient: patientFacts(patient),
      policy: settings.safetyPolicy,
      allowOverride: settings.allowContraindicatedOverride,
      asOf: encounter.date,
    }),
    [patient, settings, encounter.date],
  );
  const safety = useMemo(() => liveSafety(body, safetyCtx), [body, safetyCtx]);
  const coding = useMemo(() => liveCoding(state), [state]);
  const statuses = useMemo(() => regionStatuses(state), [state]);
  const pickerVerdicts = useMemo(
    () => (selected ? verdictsForRegion(selected, safetyCtx) : new Map()),
    [selected, safetyCtx],
  );

  // Messages per field key: the live engine's (always current) and the server's last refusal.
  const liveErrors = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const p of safety.problems) {
      const k = localKey(p.path, index);
      m.set(k, [...(m.get(k) ?? []), p.message]);
    }
    return m;
  }, [safety, index]);
  // A refused save's errors stay beside their fields until that part of the chart is edited.
  const serverErrors = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const e of fieldErrors)
      if (e.snapshot === undefined || e.snapshot === sectionSnapshot(e.key, state))
        m.set(e.key, [...(m.get(e.key) ?? []), e.message]);
    return m;
  }, [fieldErrors, state]);
  const errorOf = useCallback(
    (key: string) => joinErrors(serverErrors.get(key), liveErrors.get(key)),
    [serverErrors, liveErrors],
  );
  const serverErrorOf = useCallback((key: string) => joinErrors(serverErrors.get(key)), [serverErrors]);
  const items = useMemo(
    () => new Map(safety.items.map((i) => [localKey(i.path, index), i])),
    [safety, index],
  );
  const itemOf = useCallback((key: string) => items.get(key), [items]);

  const problemsByRegion = useMemo(() => {
    const counts: Partial<Record<RegionId, number>> = {};
    const keys = new Set([...liveErrors.keys(), ...serverErrors.keys()]);
    for (const k of keys) {
      const r = regionOfKey(k, state);
      if (r) counts[r] = (counts[r] ?? 0) + 1;
    }
    return counts;
  }, [liveErrors, serverErrors, state]);

  const localIssues = useMemo(() => clientIssues(state), [state]);
  // The server would refuse this chart as it is: autosave waits until it is fixed (the tab keeps it).
  const savable = localIssues.length === 0 && safety.problems.length === 0;

  const [announce, setAnnounce] = useState('');
  const select = useCallback((r: RegionId, via: 'pointer' | 'keyboard') => {
    setSelected(r);
    setAnnounce(`${regionName(r)} selected; its panel follows the region list.`);
    // On a narrow screen the panel is far below the map: bring it up for a tap, not for the keyboard
    // (focus stays on the region button).
    if (via === 'pointer' && window.matchMedia('(max-width: 47.99em)').matches)
      window.requestAnimationFrame(() =>
        document.getElementById('region-panel-title')?.scrollIntoView({ behavior: 'smooth', block: 'start' }),
      );
  }, []);

  const showField = useCallback((key: string) => {
    const r = regionOfKey(key, stateRef.current);
    if (r) setSelected(r);
    focusField(key);
  }, []);

  const fail = (e: unknown, mapped: FieldError[] = [], at: ChartState = state, quiet = false) => {
    const err = toApiError(e);
    setError(err);
    setFieldErrors(mapped.map((f) => ({ ...f, snapshot: sectionSnapshot(f.key, at) })));
    setStatus('');
    // An autosave does not take the focus away from where the user is typing.
    if (!quiet) window.requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const saving = useRef<Promise<EncounterView | null> | null>(null);
  const save = async (opts: { auto?: boolean } = {}): Promise<EncounterView | null> => {
    // One save at a time: a second caller waits for the running one, then saves what is newer.
    while (saving.current) await saving.current;
    if (opts.auto && JSON.stringify(chartBody(stateRef.current).body) === savedJsonRef.current) return null;
    const run = saveNow(opts);
    saving.current = run;
    try {
      return await run;
    } finally {
      saving.current = null;
    }
  };

  const saveNow = async ({ auto = false }: { auto?: boolean }): Promise<EncounterView | null> => {
    const state = stateRef.current;
    const version = versionRef.current;
    const issues = clientIssues(state);
    if (issues.length) {
      if (auto) return null;
      fail(
        new ApiError(400, {
          title: 'Some fields need attention',
          detail: 'Nothing was saved. Fix the fields below and save again.',
        }),
        issues,
      );
      return null;
    }
    const sent = chartBody(state, version);
    const startedWith = state;
    setBusy('save');
    try {
      const saved = await request<EncounterView>('PUT', `/api/v1/encounters/${encounter.id}`, sent.body);
      const unchanged = stateRef.current === startedWith;
      // Only an explicit save of an untouched chart takes the server's normalised copy. An autosave
      // comes in the middle of typing: taking the server's copy would trim the space just typed at
      // the end of a field ("Low " → "Low", then "back" → "Lowback"), so the chart stays as typed.
      const adopted = unchanged && !auto ? stateFromEncounter(saved) : null;
      if (adopted) setState(adopted);
      const json = JSON.stringify(chartBody(adopted ?? startedWith).body);
      savedJsonRef.current = json;
      setSavedJson(json);
      versionRef.current = saved.version;
      setVersion(saved.version);
      setSavedNote(saved.note);
      setError(undefined);
      setFieldErrors([]);
      setStatus(`${auto ? 'Saved automatically' : 'Saved'} at ${clockTime(Date.now())}.`);
      if (unchanged) clearRescue(userId, encounter.id);
      return saved;
    } catch (e) {
      const err = toApiError(e);
      // Signed out meanwhile: the tab's copy is kept and restored after signing in again.
      if (err.status === 401) return null;
      fail(err, localizeErrors(err.fieldErrors, sent.index), startedWith, auto);
      return null;
    } finally {
      setBusy(null);
    }
  };

  // Every change is kept in this tab at once, and sent to the server a moment after typing pauses.
  const savedJsonRef = useRef(savedJson);
  const versionRef = useRef(version);
  const dirtySince = useRef<number | null>(null);
  useEffect(() => {
    if (!dirty) {
      dirtySince.current = null;
      return;
    }
    writeRescue(userId, encounter.id, { version: versionRef.current, at: Date.now(), value: state });
    dirtySince.current ??= Date.now();
    if (!savable || conflictRef.current) return;
    const waited = Date.now() - dirtySince.current;
    const timer = window.setTimeout(
      () => void save({ auto: true }),
      Math.max(0, Math.min(AUTOSAVE_AFTER_MS, AUTOSAVE_MAX_WAIT_MS - waited)),
    );
    return () => window.clearTimeout(timer);
    // `save` reads everything it needs from refs; the chart's content is what schedules it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyJson, savedJson, dirty, savable, userId, encounter.id]);

  // Leaving (idle sign-out, a link out of the chart) saves first.
  const flush = useCallback(async (): Promise<boolean> => {
    if (JSON.stringify(chartBody(stateRef.current).body) === savedJsonRef.current) return true;
    return (await save({ auto: true })) !== null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => registerFlush(flush), [flush]);
  useUnsavedChangesGuard(dirty, { flush });

  const sign = async () => {
    setConfirmSign(false);
    if (dirty) {
      const saved = await save();
      if (!saved) return;
    }
    setBusy('sign');
    try {
      const signed = await api.post<EncounterView>(`/api/v1/encounters/${encounter.id}/sign`);
      savedJsonRef.current = JSON.stringify(chartBody(stateRef.current).body);
      setSavedJson(savedJsonRef.current);
      clearRescue(userId, encounter.id);
      onSigned(signed);
    } catch (e) {
      const err = toApiError(e);
      fail(err, localizeErrors(err.fieldErrors, chartBody(stateRef.current).index));
    } finally {
      setBusy(null);
    }
  };

  const describe = (key: string): string => {
    const fixed: Record<string, string> = {
      chiefComplaint: 'Chief complaint',
      'consent/omt': 'Consent to OMT',
      'consent/hvla': 'Consent to HVLA',
      redFlagReason: 'Red-flag reason',
      exam: 'Structural exam',
      painBefore: 'Pain before',
      painAfter: 'Pain after',
      'notes/subjective': 'Addition to Subjective',
      'notes/objective': 'Addition to Objective',
      'notes/assessment': 'Addition to Assessment',
      'notes/plan': 'Addition to Plan',
    };
    if (fixed[key]) return fixed[key];
    const region = regionOfKey(key, state);
    const t = /^treatment:[a-z-]+\/techniques\/(\d+)/.exec(key);
    if (region && t) {
      const x = state.treatment.find((e) => e.region === region)?.techniques[Number(t[1])];
      return `${regionName(region)} · ${x ? techniqueName(x.technique) : `technique ${Number(t[1]) + 1}`}`;
    }
    if (region) return regionName(region);
    return key;
  };

  const conflict = error?.status === 409;
  conflictRef.current = conflict;
  const treating = state.treatment.some((t) => t.techniques.length > 0);

  return (
    <>
      {rescue?.current ? (
        <Alert color="sage" title="Your unsaved changes are back" role="status">
          <Text size="sm">
            What you typed until {clockTime(rescue.at)} was kept in this tab and is restored here
            {savable ? '; it is being saved now.' : '. Fix the items marked below and it will be saved.'}
          </Text>
        </Alert>
      ) : null}
      {staleRescue ? (
        <Alert color="amber" title="Unsaved changes from an older version" role="alert">
          <Text size="sm">
            This tab kept changes you made until {clockTime(staleRescue.at)}, but the visit was saved since
            (version {staleRescue.version} → {version}). Compare, then choose.
          </Text>
          <Group gap="sm" mt="sm">
            <Button
              size="xs"
              onClick={() => {
                setState(staleRescue.value);
                setStaleRescue(null);
              }}
            >
              Use my unsaved copy
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                clearRescue(userId, encounter.id);
                setStaleRescue(null);
              }}
            >
              Keep the saved version
            </Button>
          </Group>
        </Alert>
      ) : null}
      <div ref={summaryRef} tabIndex={-1} style={{ outline: 'none' }}>
        {conflict ? (
          <Alert color="red" title="Someone else saved this visit" role="alert">
            <Text size="sm">
              {error?.problem.detail ?? 'This visit changed since you opened it.'} Reloading shows their
              version; your unsaved changes here will be lost.
            </Text>
            <Button mt="sm" size="sm" onClick={onReload}>
              Reload the visit
            </Button>
          </Alert>
        ) : error ? (
          <Alert color="red" title={error.problem.title ?? 'The visit was not saved'} role="alert">
            {fieldErrors.length === 0 ? (
              <Text size="sm">{error.problem.detail ?? error.message}</Text>
            ) : (
              <>
                <Text size="sm">
                  {error.status === 422 && error.problem.type?.endsWith('/safety')
                    ? 'The safety check refused the chart. Nothing was saved.'
                    : (error.problem.detail?.slice(0, 200) ?? 'Nothing was saved.')}
                </Text>
                <List size="sm" mt="xs" spacing={6}>
                  {fieldErrors.map((f) => (
                    <List.Item key={`${f.key}:${f.message}`}>
                      <strong>{describe(f.key)}:</strong> {f.message}{' '}
                      <Anchor component="button" type="button" size="sm" onClick={() => showField(f.key)}>
                        Go to field
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
        ) : null}
      </div>

      <div className="chart-layout">
        <Stack gap="md" className="chart-main">
          <VisitHeader state={state} update={update} errorOf={errorOf} />
          <Stack gap="sm" component="section" aria-labelledby="regions-title" className="chart-card">
            <Group justify="space-between" gap="xs">
              <Title order={2} size="h3" id="regions-title">
                Body regions
              </Title>
              <Text size="xs" c="dimmed">
                {errorOf('exam') ?? 'Choose a region to chart findings and treatment.'}
              </Text>
            </Group>
            <div className="visually-hidden" aria-live="polite">
              {announce}
            </div>
            <div className="chart-map-grid">
              <BodyMap
                statuses={statuses}
                selected={selected}
                onSelect={select}
                problems={problemsByRegion}
              />
              <RegionList
                statuses={statuses}
                selected={selected}
                onSelect={select}
                problems={problemsByRegion}
              />
            </div>
          </Stack>
          {selected ? (
            <RegionPanel
              key={selected}
              region={selected}
              state={state}
              update={update}
              status={statuses[selected]}
              errorOf={errorOf}
              serverErrorOf={serverErrorOf}
              itemOf={itemOf}
              pickerVerdicts={pickerVerdicts}
              allowOverride={settings.allowContraindicatedOverride}
              patientId={encounter.patientId}
              encounterId={encounter.id}
            />
          ) : (
            <Text size="sm" c="dimmed" className="chart-card">
              No region selected yet. Choose one on the body map or in the list.
            </Text>
          )}
          <NoteDraft
            notes={state.notes}
            update={update}
            errorOf={errorOf}
            preview={savedNote}
            stale={dirty}
          />
        </Stack>
        <Stack gap="md" component="aside" aria-label="Live safety check and coding" className="chart-aside">
          <SafetyPanel
            safety={safety}
            index={index}
            patient={patient}
            treating={treating}
            redFlagReason={state.redFlagReason}
            onRedFlagReason={(v) => update((s) => ({ ...s, redFlagReason: v }))}
            redFlagError={errorOf('redFlagReason')}
            onShow={(region, key) => {
              setSelected(region);
              focusField(key);
            }}
          />
          <CodingPanel coding={coding} />
        </Stack>
      </div>

      <Group className="chart-actions no-print" justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" role="status" aria-live="polite">
          {busy === 'save'
            ? 'Saving…'
            : busy === 'sign'
              ? 'Signing…'
              : dirty
                ? savable
                  ? 'Unsaved changes: saving in a moment.'
                  : `Not saved yet: ${localIssues.length || safety.problems.length} item${(localIssues.length || safety.problems.length) > 1 ? 's' : ''} to fix first. Your changes are kept in this tab.`
                : status || `All changes saved · version ${version}`}
        </Text>
        <Group gap="sm">
          <DiscardDraftButton encounterId={encounter.id} patientId={encounter.patientId} disabled={!!busy} />
          <Button variant="default" onClick={() => void save()} loading={busy === 'save'} disabled={!!busy}>
            Save draft
          </Button>
          <Button onClick={() => setConfirmSign(true)} disabled={!!busy} loading={busy === 'sign'}>
            {dirty ? 'Save and sign' : 'Sign note'}
          </Button>
        </Group>
      </Group>

      <Modal opened={confirmSign} onClose={() => setConfirmSign(false)} title="Sign this note?" centered>
        <Stack gap="sm">
          <Text size="sm">
            The note is generated from the chart and locked once signed; corrections are then added as
            amendments.
          </Text>
          <Text size="sm">
            Coding: <strong>{coding.cpt ?? 'no OMT code'}</strong>
            {coding.icd10.length ? ` · ${coding.icd10.map((c) => c.code).join(', ')}` : ''}
            {coding.em ? ' · modifier 25 on the E/M' : ''}.
          </Text>
          {safety.problems.length ? (
            <Text size="sm" c="red.8">
              The live safety check still reports {safety.problems.length} problem
              {safety.problems.length > 1 ? 's' : ''}: the server will refuse to sign until they are resolved.
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmSign(false)}>
              Cancel
            </Button>
            <Button onClick={() => void sign()}>{dirty ? 'Save and sign' : 'Sign note'}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
