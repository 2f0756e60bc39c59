// The fuzzing client of ipc-fuzz.test.ts, in a process of its own so that only the host's work is in
// the event loop the test measures. Arguments: JSON { url, origin, seed, messages, garbage }. Prints one
// line 'requests done' when the requests are answered, then one JSON line: { replies, byCode, crashes,
// closed, refused, infoOk, requestsMs }.
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { REQUEST_NAMES, requests, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { decodeMessage, encodeMessage } from '../../src-shared/ipc/wire.js';

const { url, origin, seed, messages, garbage } = JSON.parse(process.argv[2]!) as { url: string; origin: string; seed: number; messages: number; garbage: number };
/** Channels whose valid payloads act on the outside world: fuzzed only with payloads their schema refuses. */
const OUTSIDE = new Set(['session.open', 'dial.start', 'dial.callback', 'log.start']);

/** Payloads: anything, and objects shaped almost like the contract's (ids, bytes, numbers at the edges). */
const payload = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6, withTypedArray: true }),
  fc.record(
    {
      sessionId: fc.oneof(fc.constantFrom('s1', 's9999', '', '../x'), fc.string({ maxLength: 80 })),
      bytes: fc.uint8Array({ maxLength: 256 }),
      ids: fc.array(fc.string({ maxLength: 10 }), { maxLength: 50 }),
      ms: fc.oneof(fc.integer(), fc.double()),
      on: fc.anything({ maxDepth: 1 }),
      settings: fc.dictionary(fc.constantFrom('baud', 'dataBits', 'parity', 'stopBits', 'flow', 'x'), fc.anything({ maxDepth: 1 })),
      json: fc.string({ maxLength: 200 }),
      id: fc.string({ maxLength: 70 }),
    },
    { requiredKeys: [] },
  ),
);
const name = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...REQUEST_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });
const refusedBySchema = ([n, p]: [string, unknown]) => !OUTSIDE.has(n) || !requests[n as keyof typeof requests].request.safeParse(p).success;

function open(): Promise<WebSocket> {
  const ws = new WebSocket(url, { origin });
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const frames: Uint8Array[] = [];
for (let k = 0; frames.length < messages; k++) {
  for (const [n, p] of fc.sample(fc.tuple(name, payload), { seed: seed + k, numRuns: 256 }).filter(refusedBySchema)) {
    if (frames.length < messages) frames.push(encodeMessage({ t: 'req', id: frames.length, name: n, payload: p }));
  }
}
process.stdout.write('ready\n');
await new Promise((r) => process.stdin.once('data', r)); // the test measures from here

const ws = await open();
const replies = new Map<number, ReplyEnvelope>();
let wake: (() => void) | null = null;
let closed = false;
ws.on('message', (data: Buffer) => {
  const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (msg.t === 'res') replies.set(msg.id, msg.reply);
  wake?.();
});
ws.on('close', () => {
  closed = true;
  wake?.();
});
const started = performance.now();
let sent = 0;
// at most 16 requests in flight, as a busy renderer has
while ((sent < messages || replies.size < sent) && !closed) {
  while (sent < messages && sent - replies.size < 16) ws.send(frames[sent++]!);
  await new Promise<void>((r) => (wake = r));
}
const requestsMs = performance.now() - started;
process.stdout.write('requests done\n');
const byCode: Record<string, number> = {};
const crashes: string[] = [];
for (const r of replies.values()) {
  const code = r.ok ? 'ok' : (r.code ?? 'failed');
  byCode[code] = (byCode[code] ?? 0) + 1;
  if (!r.ok && /TypeError|Cannot read|is not a function|undefined is not/.test(r.error)) crashes.push(r.error);
}
ws.close();

// malformed frames: random bytes, text frames; each closes its own connection
let refused = 0;
for (const [i, bytes] of fc.sample(fc.uint8Array({ maxLength: 512 }), { seed: seed + 1_000_000, numRuns: garbage }).entries()) {
  const g = await open();
  const gone = new Promise<number>((r) => g.once('close', (code) => r(code)));
  g.send(i % 10 === 0 ? 'text, not binary' : bytes);
  if ([1003, 1007].includes(await gone)) refused++;
}
// the host still serves
const after = await open();
const info = await new Promise<ReplyEnvelope>((r) => {
  after.once('message', (d: Buffer) => r((decodeMessage(new Uint8Array(d)) as { reply: ReplyEnvelope }).reply));
  after.send(encodeMessage({ t: 'req', id: 1, name: 'app.info', payload: {} }));
});
after.close();
process.stdout.write(JSON.stringify({ replies: replies.size, byCode, crashes, closed: closed && replies.size < messages, refused, infoOk: info.ok, requestsMs }) + '\n');
