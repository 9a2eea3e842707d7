import { SimpleGrid } from '@mantine/core';
import { humanizeValue } from '../format';
import type { ExamEntry } from '../../../../contracts/charting.ts';
import { Choice, fid } from '../ui';
import { SEVERITY_WORDS, TART_KEYS, TART_LABELS } from '../vocab';
import { NA } from './panelProps';
import { NotGiven } from './NotGiven';

/** TART (tissue texture, asymmetry, restriction, tenderness): one severity choice per sign. */
export function TartEntry({
  fieldKey,
  tart,
  onChange,
  errorOf,
}: {
  /** The exam's field key (`exam:lumbar`); each sign's is `…/tart/<sign>`. */
  fieldKey: string;
  tart: ExamEntry['tart'];
  /** Called with a change to the current signs. */
  onChange: (fn: (tart: ExamEntry['tart']) => ExamEntry['tart']) => void;
  errorOf: (key: string) => string | null;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
      {TART_KEYS.map((k) => (
        <Choice
          key={k}
          id={fid(`${fieldKey}/tart/${k}`)}
          label={TART_LABELS[k]}
          size="xs"
          value={tart[k] === null || tart[k] === undefined ? NA : String(tart[k])}
          onChange={(v) => onChange((t) => ({ ...t, [k]: v === NA ? null : Number(v) }))}
          error={errorOf(`${fieldKey}/tart/${k}`)}
          data={[
            { value: NA, label: <NotGiven text="Not assessed" /> },
            ...SEVERITY_WORDS.map((w, i) => ({ value: String(i), label: humanizeValue(w) })),
          ]}
        />
      ))}
    </SimpleGrid>
  );
}
