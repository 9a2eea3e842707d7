import { NativeSelect, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import type { ChartState } from './chartState';
import { Choice, fid } from './ui';
import { CONSENT_LABELS, CONSENT_VALUES, type ConsentValue } from './vocab';

interface Props {
  state: ChartState;
  update: (fn: (s: ChartState) => ChartState) => void;
  errorOf: (key: string) => string | null;
}

const PAIN = [{ value: '', label: 'Not recorded' }, ...Array.from({ length: 11 }, (_, n) => String(n))];
const pain = (v: string) => (v === '' ? null : Number(v));

type EmChoice = 'none' | 'separate' | 'not-separate';

function emChoice(s: ChartState): EmChoice {
  if (!s.sameDayEm) return 'none';
  return s.sameDayEm.significantAndSeparate ? 'separate' : 'not-separate';
}

/** Chief complaint, pain, history, consent, same-day E/M and follow-up: the parts of a visit outside the body map. */
export function VisitHeader({ state, update, errorOf }: Props) {
  const consentData = CONSENT_VALUES.map((v) => ({ value: v, label: CONSENT_LABELS[v] }));
  return (
    <Stack gap="sm" component="section" aria-labelledby="visit-header-title" className="chart-card">
      <Title order={2} size="h3" id="visit-header-title">
        Visit
      </Title>
      <TextInput
        id={fid('chiefComplaint')}
        label="Chief complaint"
        required
        value={state.chiefComplaint}
        onChange={(e) => {
          const chiefComplaint = e.currentTarget.value;
          update((s) => ({ ...s, chiefComplaint }));
        }}
        error={errorOf('chiefComplaint')}
        maxLength={500}
      />
      <SimpleGrid cols={{ base: 2, sm: 2 }} spacing="sm">
        <NativeSelect
          id={fid('painBefore')}
          label="Pain before (0–10)"
          description="Numeric rating scale"
          value={state.painBefore === null ? '' : String(state.painBefore)}
          onChange={(e) => {
            const v = pain(e.currentTarget.value);
            update((s) => ({ ...s, painBefore: v }));
          }}
          data={PAIN}
          error={errorOf('painBefore')}
        />
        <NativeSelect
          id={fid('painAfter')}
          label="Pain after (0–10)"
          description="Numeric rating scale"
          value={state.painAfter === null ? '' : String(state.painAfter)}
          onChange={(e) => {
            const v = pain(e.currentTarget.value);
            update((s) => ({ ...s, painAfter: v }));
          }}
          data={PAIN}
          error={errorOf('painAfter')}
        />
      </SimpleGrid>
      <Textarea
        id={fid('historyUpdate')}
        label="History update"
        autosize
        minRows={2}
        maxRows={8}
        value={state.historyUpdate}
        onChange={(e) => {
          const historyUpdate = e.currentTarget.value;
          update((s) => ({ ...s, historyUpdate }));
        }}
        error={errorOf('historyUpdate')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Choice
          id={fid('consent/omt')}
          label="Consent to OMT"
          value={state.consent.omt}
          data={consentData}
          onChange={(omt: ConsentValue) => update((s) => ({ ...s, consent: { ...s.consent, omt } }))}
          error={errorOf('consent/omt')}
          size="xs"
        />
        <Choice
          id={fid('consent/hvla')}
          label="Consent to HVLA (thrust)"
          value={state.consent.hvla}
          data={consentData}
          onChange={(hvla: ConsentValue) => update((s) => ({ ...s, consent: { ...s.consent, hvla } }))}
          error={errorOf('consent/hvla')}
          size="xs"
        />
      </SimpleGrid>
      <TextInput
        id={fid('consent/note')}
        label="Consent note"
        placeholder="e.g. Risks, benefits and alternatives discussed."
        value={state.consent.note ?? ''}
        onChange={(e) => {
          const note = e.currentTarget.value;
          update((s) => ({ ...s, consent: { ...s.consent, note } }));
        }}
        error={errorOf('consent/note')}
      />
      <Choice<EmChoice>
        id={fid('sameDayEm')}
        label="Same-day E/M visit"
        description="Bill an E/M with modifier 25 only when it is significant and separately identifiable."
        value={emChoice(state)}
        data={[
          { value: 'none', label: 'No E/M' },
          { value: 'separate', label: 'Yes, separate' },
          { value: 'not-separate', label: 'Yes, not separate' },
        ]}
        onChange={(v) =>
          update((s) => ({
            ...s,
            sameDayEm: v === 'none' ? null : { significantAndSeparate: v === 'separate' },
          }))
        }
        error={errorOf('sameDayEm')}
        size="xs"
      />
      <TextInput
        id={fid('followUp')}
        label="Plan / follow-up"
        placeholder="e.g. Return in 2 weeks; home walking program."
        value={state.followUp ?? ''}
        onChange={(e) => {
          const followUp = e.currentTarget.value;
          update((s) => ({ ...s, followUp }));
        }}
        error={errorOf('followUp')}
        maxLength={500}
      />
    </Stack>
  );
}
