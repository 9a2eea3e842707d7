// The booking benchmark's load generator, run in its own process by bench/outside.ts: reads
// { base, cookie, jobs, clients } as JSON on stdin, books every job from `clients` concurrent
// clients, and prints { results: [{ status, ms }], seconds } as JSON.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { base, cookie, jobs, clients } = JSON.parse(input);

async function book(job) {
  const began = performance.now();
  const res = await fetch(`${base}/api/v1/appointments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie,
      'x-requested-with': 'bench',
      'idempotency-key': `bench-${randomUUID()}`,
    },
    body: JSON.stringify({
      practitionerId: job.practitionerId,
      appointmentType: 'bench-visit',
      start: job.start,
      patientId: job.patientId,
    }),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - began };
}

const results = [];
let next = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < jobs.length) results.push(await book(jobs[next++]));
  }),
);
process.stdout.write(JSON.stringify({ results, seconds: (performance.now() - began) / 1000 }));
