import { Text } from '@mantine/core';
import { browserZone, sameOffset, zoneLabel } from './time';

/** "Times in Central Time (America/Chicago)", plus the viewer's own zone when it differs. */
export function ZoneNote({ zone, viewerZone = browserZone() }: { zone: string; viewerZone?: string }) {
  const differs = !sameOffset(zone, viewerZone);
  return (
    <Text size="sm" c="dimmed">
      Times in <strong>{zoneLabel(zone)}</strong>.
      {differs ? (
        <> Your device is set to {zoneLabel(viewerZone)}; your own time is shown beside each time.</>
      ) : null}
    </Text>
  );
}
