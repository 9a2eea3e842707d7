import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, lastApiActivity } from '../api/client';
import { flushPendingWork } from '../lib/pendingWork';
import { clearAllDrafts } from '../lib/useLocalDraft';
import { signOutAndLeave } from './session';

let leavingForIdleness = false;

/** Saves what can be saved, then signs out and offers to come back to this screen. */
async function leaveForIdleness(): Promise<void> {
  if (leavingForIdleness) return;
  leavingForIdleness = true;
  await flushPendingWork();
  const here = window.location.pathname + window.location.search;
  await signOutAndLeave(`/login?expired=1&next=${encodeURIComponent(here)}`);
}

const WARN_BEFORE_MS = 60_000;
const CHECK_EVERY_MS = 5_000;
/** Typing or clicking tells the server the user is there at most this often (the server idles by requests). */
const TOUCH_AFTER_MS = 20_000;
const ACTIVITY_EVENTS = ['keydown', 'input', 'pointerdown', 'wheel'] as const;

/**
 * Mirrors the server's idle timeout in the browser, counted from the user's last keystroke, click or
 * scroll: typing into a chart or a form is activity, and keeps the server session alive too (a light
 * request at most every 20 s while the user works without saving). A minute before the limit the user
 * can choose to stay, and screens with unsaved work save it then; at the limit the page leaves for the
 * login screen with a full reload (no patient data stays on screen or in memory) and comes back to the
 * same screen after signing in again, where anything not yet saved is restored.
 */
export function IdleWatcher({ idleTimeoutMinutes }: { idleTimeoutMinutes: number }) {
  const limitMs = Math.max(1, idleTimeoutMinutes) * 60_000;
  const [msLeft, setMsLeft] = useState(limitMs);
  const [staying, setStaying] = useState(false);
  const lastActivity = useRef(Date.now());
  const flushed = useRef(false);

  useEffect(() => {
    let touching = false;
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      flushed.current = false;
      if (touching || now - lastApiActivity() < TOUCH_AFTER_MS) return;
      touching = true;
      api.get('/api/v1/auth/me').then(
        () => (touching = false),
        () => (touching = false),
      );
    };
    for (const e of ACTIVITY_EVENTS)
      document.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY_EVENTS) document.removeEventListener(e, onActivity, { capture: true });
    };
  }, []);

  useEffect(() => {
    const tick = () => {
      const left = limitMs - (Date.now() - lastActivity.current);
      setMsLeft(left);
      // While the server session is still valid, save what is on screen.
      if (left <= WARN_BEFORE_MS && !flushed.current) {
        flushed.current = true;
        void flushPendingWork();
      }
      if (left <= 0) void leaveForIdleness();
    };
    tick();
    const timer = window.setInterval(tick, CHECK_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [limitMs]);

  const warn = msLeft > 0 && msLeft <= WARN_BEFORE_MS;

  const stay = async () => {
    setStaying(true);
    try {
      await api.get('/api/v1/auth/me');
      lastActivity.current = Date.now();
      setMsLeft(limitMs);
    } finally {
      setStaying(false);
    }
  };

  return (
    <Modal
      opened={warn}
      onClose={() => void stay()}
      title="Are you still there?"
      centered
      closeOnClickOutside={false}
    >
      <Text size="sm" role="alert">
        For privacy you will soon be signed out because of inactivity.
      </Text>
      <Text size="sm" mt="xs">
        Time left: about {Math.max(1, Math.ceil(msLeft / 1000))} seconds.
      </Text>
      <Group justify="flex-end" mt="md">
        <Button
          variant="default"
          onClick={() =>
            void flushPendingWork().then(() => {
              // A deliberate sign-out: nothing typed stays in this browser.
              clearAllDrafts();
              return signOutAndLeave();
            })
          }
        >
          Sign out now
        </Button>
        <Button loading={staying} onClick={stay} data-autofocus>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
