import { Button, Group, NumberInput, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { COUNTERSTRAIN_HOLD_SECONDS } from './vocab';
import { formatClock } from './format';

/** A short, quiet tone when a hold is complete (the clinician's hands are busy). */
function chime(): void {
  try {
    const AudioCtx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const ctx = new AudioCtx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.65);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio: the on-screen and announced completion still happen.
  }
}

interface Props {
  /** Names the hold in announcements, e.g. "Counterstrain, lumbar, PL5". */
  label: string;
  /** Records the seconds held (at completion, or when stopped early). */
  onHeld: (seconds: number) => void;
  defaultSeconds?: number;
}

/**
 * Counterstrain hold timer (reference §2.7: hold 90 s; ribs often 120 s). Start/stop, a settable
 * target, progress, and completion announced through an assertive live region.
 */
export function HoldTimer({ label, onHeld, defaultSeconds = COUNTERSTRAIN_HOLD_SECONDS }: Props) {
  const [target, setTarget] = useState(defaultSeconds);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [done, setDone] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const onHeldRef = useRef(onHeld);
  useEffect(() => {
    onHeldRef.current = onHeld;
  }, [onHeld]);

  const running = startedAt !== null;
  const elapsed = running ? Math.min(target, Math.floor((now - startedAt) / 1000)) : 0;

  useEffect(() => {
    if (startedAt === null) return;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      const secs = Math.floor((t - startedAt) / 1000);
      if (secs >= target) {
        setStartedAt(null);
        setDone(true);
        setAnnouncement(`Hold complete: ${target} seconds. ${label}.`);
        onHeldRef.current(target);
        chime();
      } else if (target - secs === 30 && target > 45) {
        setAnnouncement('30 seconds left.');
      }
    };
    const id = window.setInterval(tick, 250);
    return () => window.clearInterval(id);
  }, [startedAt, target, label]);

  const start = () => {
    const t = Date.now();
    setNow(t);
    setStartedAt(t);
    setDone(false);
    setAnnouncement(`Hold started: ${target} seconds.`);
  };
  const stop = () => {
    if (startedAt === null) return;
    const secs = Math.floor((Date.now() - startedAt) / 1000);
    setStartedAt(null);
    setAnnouncement(`Hold stopped after ${secs} seconds.`);
    if (secs > 0) onHeldRef.current(secs);
  };

  const remaining = running ? target - elapsed : done ? 0 : target;
  return (
    <Stack gap={6} className="hold-timer" data-done={done || undefined}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap">
          <Text className="hold-timer-clock" aria-hidden="true">
            {formatClock(remaining)}
          </Text>
          <Text size="xs" c="dimmed" maw={120}>
            {running ? 'holding…' : done ? 'Hold complete' : 'Hold timer'}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {!running ? (
            <NumberInput
              size="xs"
              w={84}
              label="Target (s)"
              min={5}
              max={600}
              step={15}
              value={target}
              onChange={(v) => setTarget(typeof v === 'number' && v >= 5 ? Math.round(v) : defaultSeconds)}
            />
          ) : null}
          {running ? (
            <Button size="xs" color="red" variant="filled" onClick={stop}>
              Stop hold
            </Button>
          ) : (
            <Button size="xs" onClick={start} mt={running ? 0 : 18}>
              {done ? 'Start again' : 'Start hold'}
            </Button>
          )}
        </Group>
      </Group>
      <Progress
        value={(elapsed / target) * 100}
        size="sm"
        color="sage.7"
        aria-label={`${label}: ${elapsed} of ${target} seconds held`}
      />
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </div>
    </Stack>
  );
}
