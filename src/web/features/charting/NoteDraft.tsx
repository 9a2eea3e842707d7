import { Stack, Text, Textarea, Title } from '@mantine/core';
import { SOAP_SECTIONS, withAddition, type ChartState, type SoapSection } from './chartState';
import type { NoteAdditions, NoteView } from '../../../contracts/charting.ts';
import { fid } from './ui';

export const SOAP_TITLES: Record<SoapSection, string> = {
  subjective: 'Subjective',
  objective: 'Objective',
  assessment: 'Assessment',
  plan: 'Plan',
};

/** The server's limit per section (noteAdditionsSchema). */
const MAX_ADDITION = 5000;

interface Props {
  notes: NoteAdditions;
  update: (fn: (s: ChartState) => ChartState) => void;
  errorOf: (key: string) => string | null;
  /** The note as generated from the last saved chart (the server's draft preview). */
  preview: NoteView;
  /** The chart has changes the preview does not show yet. */
  stale: boolean;
}

/**
 * The draft SOAP note: each section as the server generates it from the saved chart, and the
 * clinician's free-text addition for that section, saved with the chart and appended to the section
 * in the note that is signed.
 */
export function NoteDraft({ notes, update, errorOf, preview, stale }: Props) {
  return (
    <Stack gap="md" component="section" aria-labelledby="note-draft-title" className="chart-card">
      <Stack gap={2}>
        <Title order={2} size="h3" id="note-draft-title">
          Note
        </Title>
        <Text size="sm" c="dimmed">
          Generated from the chart each time it is saved. Add your own words to any section: they are saved
          with the chart and signed with the note.
        </Text>
        {stale ? (
          <Text size="sm" c="amber.9" fw={600} aria-live="polite">
            The preview shows the chart as last saved; it catches up when the autosave runs, a moment after
            you stop typing.
          </Text>
        ) : null}
      </Stack>
      {SOAP_SECTIONS.map((section) => {
        const value = notes[section] ?? '';
        return (
          <Stack key={section} gap={6} component="section" aria-labelledby={`note-draft-${section}`}>
            <Title order={3} size="h4" id={`note-draft-${section}`}>
              {SOAP_TITLES[section]}
            </Title>
            <Text size="sm" className="soap-section note-preview" data-testid={`note-preview-${section}`}>
              {preview[section] || '—'}
            </Text>
            <Textarea
              id={fid(`notes/${section}`)}
              label={`Add to ${SOAP_TITLES[section]}`}
              description={`Free text, added at the end of ${SOAP_TITLES[section]}. ${value.length.toLocaleString()} of ${MAX_ADDITION.toLocaleString()} characters.`}
              autosize
              minRows={2}
              maxRows={10}
              maxLength={MAX_ADDITION}
              value={value}
              onChange={(e) => {
                const text = e.currentTarget.value;
                update((s) => withAddition(s, section, text));
              }}
              error={errorOf(`notes/${section}`)}
            />
          </Stack>
        );
      })}
    </Stack>
  );
}
