import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { fieldErrorMap } from '../../components/fieldErrors';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { formatInstant } from '../../lib/format';
import { regionName } from './format';
import type { EncounterView, NoteView } from '../../../contracts/charting.ts';
import { AMENDMENT_SECTIONS, type AmendmentSection } from './vocab';

const SECTION_TITLES: Record<AmendmentSection, string> = {
  subjective: 'Subjective',
  objective: 'Objective',
  assessment: 'Assessment',
  plan: 'Plan',
  general: 'General',
};

/** The signed view: the locked SOAP note, its amendments, PDF download and a printable layout. */
export function SignedVisit({ encounter }: { encounter: EncounterView }) {
  const zone = useSession().me.clinic.timeZone;
  const note = useApiGet<NoteView>(`/api/v1/encounters/${encounter.id}/note`);
  if (note.error) return <ProblemAlert error={note.error} title="The note could not be loaded" />;
  if (!note.data) return <Loading label="Loading the note…" />;
  const n = note.data;
  const coding = n.coding ?? encounter.coding;
  return (
    <Stack gap="md" className="printable-note">
      <Group gap="sm" className="no-print" wrap="wrap">
        <Button
          component="a"
          href={`/api/v1/encounters/${encounter.id}/note.pdf`}
          download={`visit-note-${encounter.date}.pdf`}
        >
          Download PDF
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
        <Anchor component={Link} to={`/app/visits/${encounter.id}/summary`} size="sm">
          Patient’s plain-language summary
        </Anchor>
      </Group>
      <Text size="sm">
        Signed by <strong>{n.signedBy?.name ?? encounter.signedBy?.name ?? '—'}</strong> on{' '}
        {formatInstant(n.signedAt ?? encounter.signedAt, zone)}. The note is locked; corrections are
        amendments below.
      </Text>

      <Stack gap="md" component="article" aria-labelledby="note-title" className="chart-card">
        <Title order={2} size="h3" id="note-title">
          SOAP note
        </Title>
        {(['subjective', 'objective', 'assessment', 'plan'] as const).map((s) => (
          <Stack key={s} gap={4} component="section" aria-labelledby={`note-${s}`}>
            <Title order={3} size="h4" id={`note-${s}`}>
              {SECTION_TITLES[s]}
            </Title>
            <Text size="sm" className="soap-section">
              {n[s]}
            </Text>
            {n.amendments
              .filter((a) => a.section === s)
              .map((a) => (
                <Text key={a.id} size="sm" c="blue.9">
                  <strong>Amended:</strong> {a.text}
                </Text>
              ))}
          </Stack>
        ))}
        <Stack gap={4} component="section" aria-labelledby="note-coding">
          <Title order={3} size="h4" id="note-coding">
            Coding
          </Title>
          <Text size="sm">
            CPT <strong>{coding.cpt ?? '—'}</strong>
            {coding.cptLabel ? ` (${coding.cptLabel})` : ''}
            {coding.em ? ' · modifier 25 on the same-day E/M' : ''}
          </Text>
          {coding.icd10.length ? (
            <Text size="sm">
              ICD-10-CM: {coding.icd10.map((c) => `${c.code} ${regionName(c.region)}`).join(', ')}
            </Text>
          ) : null}
        </Stack>
      </Stack>

      <Amendments encounterId={encounter.id} note={n} onAdded={(next) => note.setData(next)} />
    </Stack>
  );
}

function Amendments({
  encounterId,
  note,
  onAdded,
}: {
  encounterId: string;
  note: NoteView;
  onAdded: (n: NoteView) => void;
}) {
  const zone = useSession().me.clinic.timeZone;
  const [open, setOpen] = useState(false);
  const [section, setSection] = useState<AmendmentSection>('general');
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(open, formRef, openRef);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.post<NoteView>(`/api/v1/encounters/${encounterId}/amendments`, {
        section,
        reason: reason.trim(),
        text: text.trim(),
      });
      onAdded(next);
      setSaved('Amendment added.');
      setReason('');
      setText('');
      setOpen(false);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const fe = fieldErrorMap(error);

  return (
    <Stack gap="sm" component="section" aria-labelledby="amendments-title" className="chart-card">
      <Group justify="space-between">
        <Title order={2} size="h3" id="amendments-title">
          Amendments
        </Title>
        {!open ? (
          <Button
            ref={openRef}
            variant="light"
            className="no-print"
            onClick={() => {
              setSaved('');
              setOpen(true);
            }}
          >
            Add amendment
          </Button>
        ) : null}
      </Group>
      <Text size="sm" role="status">
        {saved}
      </Text>
      {note.amendments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No amendments.
        </Text>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {note.amendments.map((a) => (
            <li key={a.id}>
              <Stack gap={2} className="chart-subcard">
                <Group gap="xs">
                  <Badge variant="outline" color="blue" tt="none">
                    {SECTION_TITLES[a.section] ?? a.section}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {a.author.name} · {formatInstant(a.createdAt, zone)}
                  </Text>
                </Group>
                <Text size="sm">{a.text}</Text>
                <Text size="xs">
                  <strong>Reason:</strong> {a.reason}
                </Text>
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {open ? (
        <form
          ref={formRef}
          onSubmit={submit}
          noValidate
          aria-labelledby="amend-form-title"
          className="no-print"
        >
          <Stack gap="sm" className="chart-subcard">
            <Title order={3} size="h5" id="amend-form-title">
              Add an amendment
            </Title>
            <ProblemAlert
              error={error}
              shownPaths={['section', 'reason', 'text']}
              title="The amendment was not added"
            />
            <NativeSelect
              label="Section"
              value={section}
              onChange={(e) => setSection(e.currentTarget.value as AmendmentSection)}
              data={AMENDMENT_SECTIONS.map((s) => ({ value: s, label: SECTION_TITLES[s] }))}
              error={fe.section}
            />
            <TextInput
              label="Reason for the correction"
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fe.reason}
              maxLength={1000}
            />
            <Textarea
              label="Corrected text"
              required
              autosize
              minRows={3}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fe.text}
              maxLength={5000}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Add amendment
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
