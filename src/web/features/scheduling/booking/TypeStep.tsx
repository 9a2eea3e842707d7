import { Badge, Group, Stack, Text } from '@mantine/core';
import type { AppointmentType } from '../../../../contracts/scheduling.ts';
import { durationLabel, priceLabel } from '../api';
import { ChoiceCard } from './ChoiceCard';

/** Step "What kind of visit?": one card per visit type, with its length, price and who may book it. */
export function TypeStep({
  types,
  typeId,
  isStaff,
  onPick,
}: {
  types: AppointmentType[];
  typeId: string | null;
  isStaff: boolean;
  onPick: (typeId: string) => void;
}) {
  return (
    <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Visit types">
      {types.length === 0 ? <Text>No visit types can be booked online. Please call the clinic.</Text> : null}
      {types.map((t) => {
        const price = priceLabel(t);
        return (
          <ChoiceCard key={t.id} current={t.id === typeId} onClick={() => onPick(t.id)}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Text fw={700} component="span">
                {t.name}
              </Text>
              <Badge variant="light" color="gray" tt="none" style={{ flexShrink: 0 }}>
                {durationLabel(t.durationMinutes)}
              </Badge>
            </Group>
            {t.description ? (
              <Text size="sm" component="span" display="block" mt={4}>
                {t.description}
              </Text>
            ) : null}
            <Group gap="xs" mt={6}>
              {price ? (
                <Text size="sm" fw={600} component="span">
                  {price}
                </Text>
              ) : null}
              {t.newPatientOnly ? (
                <Badge variant="outline" color="sage" tt="none">
                  New patients only
                </Badge>
              ) : null}
              {isStaff && !t.bookableOnline ? (
                <Badge variant="outline" color="gray" tt="none">
                  Staff booking only
                </Badge>
              ) : null}
            </Group>
          </ChoiceCard>
        );
      })}
    </Stack>
  );
}
