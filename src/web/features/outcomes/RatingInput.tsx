import { Radio, SimpleGrid, Text } from '@mantine/core';

/**
 * One 0–10 answer as eleven large radio buttons (a tap each on a phone, arrow keys on a keyboard):
 * faster and more exact than a slider, and every value is labelled.
 */
export function RatingInput({
  label,
  description,
  value,
  onChange,
  error,
  low,
  high,
}: {
  label: string;
  description?: string;
  value: number | null;
  onChange: (v: number) => void;
  error?: string | undefined;
  low: string;
  high: string;
}) {
  return (
    <Radio.Group
      label={label}
      description={description}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(Number(v))}
      error={error}
      withAsterisk
    >
      <SimpleGrid cols={{ base: 6, xs: 11 }} spacing={6} mt="xs">
        {Array.from({ length: 11 }, (_, n) => (
          <Radio.Card
            key={n}
            value={String(n)}
            radius="md"
            p={0}
            h={44}
            aria-label={`${n}${n === 0 ? ` (${low})` : n === 10 ? ` (${high})` : ''}`}
            style={{ display: 'grid', placeItems: 'center' }}
            bg={value === n ? 'var(--mantine-primary-color-filled)' : undefined}
            c={value === n ? 'white' : undefined}
          >
            <Text fw={600} size="md" aria-hidden>
              {n}
            </Text>
          </Radio.Card>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={4}>
        0 = {low} · 10 = {high}
      </Text>
    </Radio.Group>
  );
}
