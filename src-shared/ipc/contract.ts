/**
 * The IPC contract between main and the renderer: every request (renderer -> main, with a reply) and
 * every event (main -> renderer) as a zod schema under its channel name. Types are inferred from the
 * schemas, never written twice. Main parses every request payload once, at its boundary
 * (src-main/ipc/router.ts); both hosts (Electron ipcMain, the `serve` WebSocket) carry the same names.
 *
 * Request payloads are strict objects: an unknown field is a bad request, not silently dropped.
 * Replies travel as an envelope: `{ ok: true, value }` or `{ ok: false, error, code? }` (bad payload,
 * unknown session, failure). The renderer's bridge unwraps it and rejects with IpcError.
 *
 * Bytes are Uint8Array end to end (session.write, session.data); the WebSocket host frames them in binary
 * (src-shared/ipc/wire.ts), Electron's structured clone carries them as they are.
 *
 * Flow control (design/architecture.md, "The byte path"): main batches session.data per session; the
 * renderer acks consumed bytes with session.ack in chunks of at most ACK_CHUNK_BYTES, from xterm's write
 * callback. Main pauses the source above FLOW_HIGH_BYTES unacked and resumes below FLOW_LOW_BYTES.
 */
import { z } from 'zod';
import { breakMsSchema, lineSettingsPatchSchema } from '../line/settings.js';
import { modemLinesSchema } from '../line/modem.js';
import { SESSION_STATES, sessionEventSchema, tlsEventSchema, warningEventSchema } from '../session/events.js';
import { lineModelSchema } from '../line/line-model.js';
import { MAX_MACROS, macroSchema } from '../macro/macro.js';
import { menuCommandSchema } from '../app/menu.js';
import { MAX_CHAR_DELAY_MS, MAX_LINE_DELAY_MS } from '../bytes/paced-text.js';
import { RECEIVE_PROTOCOLS, SEND_PROTOCOLS, TRANSFER_PROTOCOLS, type ReceiveProtocol, type SendProtocol, type TransferProtocol } from '../transfer/protocols.js';
import {
  CERT_KINDS,
  certificateInfoSchema,
  LOG_FORMATS,
  MAX_CERT_BYTES,
  logChoicesSchema,
  MAX_STORED,
  NEWLINES,
  phonebookEntrySchema,
  profileIdSchema,
  profileSchema,
  targetSchema,
} from './profile.js';

/**
 * Main pauses a session's source when this many sent bytes are unacked (bytes). The e2e flood measured
 * 512/256 KiB against 256/32 and 128/16 KiB: the pane took 15-25 % more MiB/s than with 256/32 (which
 * left it waiting for bytes after each pause) and 128/16 cost 20 %, while a local echo behind the pane's
 * queue stayed near 35 ms p95 with all three (bench/flood.bench.ts).
 */
export const FLOW_HIGH_BYTES = 512 * 1024;
/** ...and resumes it when unacked bytes fall below this (bytes). */
export const FLOW_LOW_BYTES = 256 * 1024;
/** The renderer acks at least every this many consumed bytes (<= FLOW_LOW_BYTES, or the stream stalls). */
export const ACK_CHUNK_BYTES = 16 * 1024;

/** Raw bytes. */
export const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (a Uint8Array)');
export const sessionIdSchema = z.string().min(1).max(64);
const empty = z.strictObject({});
const ok = z.object({});
const sessionRef = z.strictObject({ sessionId: sessionIdSchema });

/** Options for opening a session directly (without a saved profile). Times in ms. */
export const openOptionsSchema = z.object({
  settings: lineSettingsPatchSchema.optional(),
  dtr: z.boolean().optional(),
  rts: z.boolean().optional(),
  /** Safe open: leave DTR/RTS as they are (overrides dtr/rts). */
  safeOpen: z.boolean().optional(),
  reconnect: z.boolean().optional(),
  connectTimeoutMs: z.number().int().min(100).max(600_000).optional(),
});

/** What the UI needs about one open session. `snapshot` mirrors src-main SessionSnapshot. */
export const sessionInfoSchema = z.object({
  sessionId: sessionIdSchema,
  /** Display name: the profile's name, or the target string. */
  name: z.string(),
  profileId: z.string().optional(),
  snapshot: z.object({
    kind: z.enum(['rfc2217', 'telnet', 'raw', 'serial']),
    target: targetSchema,
    state: z.enum(SESSION_STATES),
    /** Per setting and control line: asked, in effect (null: unknown), state. */
    line: lineModelSchema,
    modem: modemLinesSchema,
    signature: z.string().nullable(),
    /** The TLS link's details while connected inside TLS (the lock), else null. */
    tls: tlsEventSchema.omit({ type: true }).nullable().optional(),
    /** Telnet kinds: BINARY (RFC 856) as agreed each way, null until answered; absent for raw TCP and serial. */
    binary: z.object({ local: z.boolean(), remote: z.boolean() }).nullable().optional(),
    bytesReceived: z.number(),
    bytesSent: z.number(),
  }),
  /** The session's last dial status, if the dialer ran on it: a window that opens (or reloads) mid-call shows the call. */
  dial: z.lazy(() => dialStatusSchema).optional(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/**
 * session.open's reply: the new session's info, and the warning the open itself gave, if any (today only
 * 'port-renamed': macOS's dial-in /dev/tty.NAME opened as the call-out /dev/cu.NAME). Main also sends that
 * warning as a 'session.event', but it goes out before this reply, when the opening window has no tab for
 * the session yet; the new tab takes it from here. Absent when the open changed nothing.
 */
export const openReplySchema = sessionInfoSchema.extend({
  warning: warningEventSchema.optional(),
});
export type OpenReply = z.infer<typeof openReplySchema>;

/** A local serial port as the port lister reports it. */
export const portInfoSchema = z.object({
  path: z.string(),
  /** A stable identity for reconnect, e.g. /dev/serial/by-id/... when there is one. */
  stablePath: z.string().optional(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  label: z.string().optional(),
});
export type PortInfo = z.infer<typeof portInfoSchema>;

/** A session log's state. `bytesWritten` counts bytes in the file. */
export const logStatusSchema = z.object({
  sessionId: sessionIdSchema,
  active: z.boolean(),
  format: z.enum(LOG_FORMATS).optional(),
  /** File name only (no folder), for display. */
  fileName: z.string().optional(),
  bytesWritten: z.number().int().min(0),
  error: z.string().optional(),
});
export type LogStatus = z.infer<typeof logStatusSchema>;

/**
 * Dialer states as the UI shows them (src-shared/dialer/events.ts has the dialer's own, finer events;
 * main maps them): idle, initialising (init string), dialing, connected, failed (resultCode: BUSY,
 * NO CARRIER, NO DIALTONE, NO ANSWER, ERROR, TIMEOUT), waiting-redial, hanging-up, hung-up, and answer
 * mode's answer-wait, ringing, answering.
 */
export const DIAL_STATES = ['idle', 'initialising', 'dialing', 'waiting-redial', 'connected', 'failed', 'hanging-up', 'hung-up', 'answer-wait', 'ringing', 'answering'] as const;
/**
 * Answer mode: off; manual (wait for RING, the operator answers with ATA); auto (the dialer sends ATA on
 * the first RING); modem (the modem auto-answers: ATS0=1, set back to ATS0=0 when answer mode goes off).
 */
export const ANSWER_MODES = ['off', 'manual', 'auto', 'modem'] as const;
/** How the call back of an asynchronous callback is answered: ATA on RING, or the modem's ATS0=1. */
export const CALLBACK_ANSWERS = ['ata', 'modem'] as const;
/** What a dial status belongs to: a dial (with redials), answer mode, or the callback flow. */
export const DIAL_FLOWS = ['dial', 'answer', 'callback'] as const;
export const dialStatusSchema = z.object({
  sessionId: sessionIdSchema,
  state: z.enum(DIAL_STATES),
  entryId: z.string().optional(),
  /** The result code seen (CONNECT, BUSY, NO CARRIER, ...) or the ABORT string that matched. */
  resultCode: z.string().optional(),
  /** CONNECT rate in bits/s when reported. */
  rate: z.number().optional(),
  attempt: z.number().int().min(0).optional(),
  /** waiting-redial: ms until the redial. */
  inMs: z.number().min(0).optional(),
  /** ringing: rings counted so far. */
  rings: z.number().int().min(0).optional(),
  /** A SAY text, REPORT line, or what went wrong. */
  message: z.string().optional(),
  /** The attempts allowed in all (1 + the entry's redials), for "attempt 2 of 3". */
  attempts: z.number().int().min(1).optional(),
  /** The number being dialed. */
  number: z.string().optional(),
  /** Which operation this status belongs to (the callback flow passes through dial and answer states). */
  flow: z.enum(DIAL_FLOWS).optional(),
  /** hanging-up / hung-up: DTR dropped, or the `+++` guard-time escape and ATH (the fallback). */
  method: z.enum(['dtr', 'escape']).optional(),
  /** hung-up: the modem confirmed it (DCD went off, or NO CARRIER / OK came). */
  confirmed: z.boolean().optional(),
  /** hung-up: how long the call lasted, ms. */
  elapsedMs: z.number().min(0).optional(),
  /**
   * failed: the operation ends here, no redial follows (the dialer redials only BUSY, NO CARRIER and NO
   * ANSWER, and only while attempts are left). Absent on a failure a redial follows, and in older payloads.
   */
  final: z.literal(true).optional(),
  /** connected: when the call's CONNECT came (ms since 1970), so a window opened mid-call times the call right. */
  since: z.number().optional(),
});
export type DialStatus = z.infer<typeof dialStatusSchema>;

/** The phonebook export/import file: `{ dialtone: "phonebook", version: 1, entries: [...] }` (as stored). */
export const phonebookFileSchema = z.object({
  dialtone: z.literal('phonebook'),
  version: z.literal(1),
  entries: z.array(phonebookEntrySchema).max(MAX_STORED),
});

/** A macro's id (as macroSchema spells it). */
export const macroIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'macro id: letters, digits, - and _');
/**
 * A macro as the window lists it: the macro (always with its id), where its button shows (`profileId`:
 * only on tabs of that profile; absent: on every tab), and whether it is a shipped example (read-only:
 * the editor saves a copy).
 */
export const macroEntrySchema = z.object({
  macro: macroSchema,
  profileId: profileIdSchema.optional(),
  example: z.boolean(),
});
export type MacroEntry = z.infer<typeof macroEntrySchema>;
/** States of a macro run on a session, as 'macro.status' reports them. */
export const MACRO_RUN_STATES = ['running', 'done', 'failed', 'stopped'] as const;
/**
 * A macro run's progress on one session: the macro, its state, the step running (1-based) of how many;
 * a failed run says why (which step, what) and the last bytes received (Latin-1 text, at most 200).
 */
export const macroStatusSchema = z.object({
  sessionId: sessionIdSchema,
  macroId: macroIdSchema,
  /** The macro's name, for display. */
  name: z.string(),
  state: z.enum(MACRO_RUN_STATES),
  /** The step running or last run, 1-based (0 before the first). */
  step: z.number().int().min(0),
  steps: z.number().int().min(1),
  message: z.string().optional(),
  lastReceived: z.string().optional(),
});
export type MacroStatus = z.infer<typeof macroStatusSchema>;

/** File transfer protocols (issue 13): one list, src-shared/transfer/protocols.ts. */
export { RECEIVE_PROTOCOLS, SEND_PROTOCOLS, TRANSFER_PROTOCOLS, type ReceiveProtocol, type SendProtocol, type TransferProtocol };
/** Why main refuses typed bytes (session.write) while a transfer runs on the session: they would land in its stream. */
export const TRANSFER_HOLDS_INPUT = 'a file transfer runs on this session: what you type is not sent while it runs (Cancel it to type again)';
/** Why main refuses macro.run while a transfer runs, and transfer.send/receive while a macro runs (one owner of the line at a time). */
export const TRANSFER_HOLDS_MACROS = 'a file transfer runs on this session: a macro can run once it ends (or is cancelled)';
/** Why main refuses macro.run on a session that is not connected (its sends would go nowhere, its waits time out). */
export const MACRO_NEEDS_LINK = 'this session is not connected: a macro can run once it is (Connect first)';
export const MACRO_HOLDS_TRANSFERS = 'a macro runs on this session: a file transfer can start once it ends (or is stopped)';
/** Most bytes of a file dropped onto the pane (sent in the request itself, streamed to the engine). */
export const MAX_DROP_BYTES = 16 * 1024 * 1024;
/**
 * 'running'; 'ending': failed or cancelled, the far end's remaining data still drained until the line goes
 * quiet (the session is still the transfer's; Cancel stops waiting); then one of the three ends.
 */
export const TRANSFER_STATES = ['running', 'ending', 'done', 'failed', 'cancelled'] as const;
/** The transfer still owns its session (running, or ending while the line drains). */
export function transferActive(state: (typeof TRANSFER_STATES)[number] | undefined): boolean {
  return state === 'running' || state === 'ending';
}
/** A transfer's progress on one session, at most every 100 ms while running, and once at its end. */
export const transferStatusSchema = z.object({
  sessionId: sessionIdSchema,
  state: z.enum(TRANSFER_STATES),
  protocol: z.enum(TRANSFER_PROTOCOLS),
  direction: z.enum(['send', 'receive']),
  /** The current (or last) file's name, when known. */
  file: z.string().max(300).optional(),
  /** Bytes of the current file so far, and its size when known (null: unknown). */
  bytes: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  /** Average rate since the transfer started, bytes/s. */
  rate: z.number().min(0),
  retries: z.number().int().min(0),
  /** Why it failed, who cancelled, where files were saved, or the last retry's reason. */
  message: z.string().max(500).optional(),
});
export type TransferStatus = z.infer<typeof transferStatusSchema>;

/** One request: its payload schema and its reply value schema. */
interface RequestDef {
  request: z.ZodType;
  reply: z.ZodType;
}
const req = <Q extends z.ZodType, R extends z.ZodType>(request: Q, reply: R) => ({ request, reply });

/** Every request, by channel name (`domain.action`). */
export const requests = {
  // app
  'app.info': req(
    empty,
    z.object({
      host: z.enum(['electron', 'browser']),
      version: z.string(),
      platform: z.string(),
      /** A built-in demo modem (simulator) is running and its profile is listed. */
      demoModem: z.boolean(),
      /** Log files go to this folder in the browser host; Electron asks with a save dialog. */
      logDir: z.string().optional(),
    }),
  ),

  // sessions
  'session.open': req(
    z.union([
      z.strictObject({ profileId: profileIdSchema }),
      z.strictObject({ target: targetSchema, options: openOptionsSchema.optional(), name: z.string().max(120).optional() }),
    ]),
    openReplySchema,
  ),
  /** Close the session for good (the tab goes). */
  'session.close': req(sessionRef, ok),
  /** The operator's Disconnect: drop the link, keep the session; 'session.connect' brings it back. */
  'session.disconnect': req(sessionRef, ok),
  /** Connect a disconnected session again, re-applying what was asked (progress as status events). */
  'session.connect': req(sessionRef, ok),
  /** `announce`: main also tells every window as 'session.sent' (a write the writer does not count itself, e.g. the ZMODEM offer's abort). */
  'session.write': req(z.strictObject({ sessionId: sessionIdSchema, bytes: bytesSchema, announce: z.boolean().optional() }), ok),
  'session.applySettings': req(z.strictObject({ sessionId: sessionIdSchema, settings: lineSettingsPatchSchema }), ok),
  'session.setControlLines': req(z.strictObject({ sessionId: sessionIdSchema, dtr: z.boolean().optional(), rts: z.boolean().optional() }), ok),
  'session.setBreak': req(z.strictObject({ sessionId: sessionIdSchema, on: z.boolean() }), ok),
  'session.sendBreak': req(z.strictObject({ sessionId: sessionIdSchema, ms: breakMsSchema.optional() }), ok),
  'session.purge': req(z.strictObject({ sessionId: sessionIdSchema, which: z.enum(['rx', 'tx', 'both']) }), ok),
  'session.reconnect': req(sessionRef, ok),
  /**
   * Trust the TLS certificate the session's last attempt was refused for (unknown, or changed): main
   * records exactly the one it saw (never a fingerprint the renderer names) and reconnects.
   */
  'tls.trust': req(sessionRef, z.object({ fingerprint256: z.string(), subject: z.string() })),
  /**
   * Import a certificate, key or PKCS#12 file into the certificates folder (the renderer read the bytes
   * from a file the operator picked; main chooses where they go: a safe name, never over another file).
   * Refused when the content is not what `kind` says.
   */
  'tls.addCertificate': req(
    z.strictObject({ kind: z.enum(CERT_KINDS), name: z.string().min(1).max(255), bytes: bytesSchema.refine((b) => b.length <= MAX_CERT_BYTES, `at most ${MAX_CERT_BYTES / 1024} KiB`) }),
    certificateInfoSchema,
  ),
  /** The files of the certificates folder and what each is. */
  'tls.listCertificates': req(empty, z.array(certificateInfoSchema)),
  /**
   * The PKCS#12 passphrase for the next session.open of `profileId` (asked in the window when it is
   * opened): kept in main's memory for that session only, never written.
   */
  'tls.passphrase': req(z.strictObject({ profileId: profileIdSchema, passphrase: z.string().max(1024) }), ok),
  'session.list': req(empty, z.array(sessionInfoSchema)),
  /** Bytes of session.data the renderer has consumed (xterm's write callback), in chunks. */
  /** The terminal showing the session is now cols x rows (characters): asciicast logs record it. */
  'session.resize': req(z.strictObject({ sessionId: sessionIdSchema, cols: z.number().int().min(1).max(10_000), rows: z.number().int().min(1).max(10_000) }), ok),
  'session.ack': req(z.strictObject({ sessionId: sessionIdSchema, bytes: z.number().int().min(1).max(64 * 1024 * 1024) }), ok),

  // local serial ports
  'ports.list': req(empty, z.array(portInfoSchema)),

  // profiles
  'profiles.list': req(empty, z.array(profileSchema)),
  /** Create (no id) or replace (id) a profile; returns it as stored, with its id. */
  'profiles.save': req(z.strictObject({ profile: profileSchema }), profileSchema),
  'profiles.delete': req(z.strictObject({ id: profileIdSchema }), ok),
  'profiles.duplicate': req(z.strictObject({ id: profileIdSchema }), profileSchema),
  /** Import a profiles file's text; all or nothing: a bad file imports nothing and says why. Adds, never replaces: a name in use is renamed, said in notes. */
  'profiles.import': req(z.strictObject({ json: z.string().max(16 * 1024 * 1024) }), z.object({ imported: z.array(profileSchema), notes: z.array(z.string()) })),
  /** Export profiles (all when ids is omitted) as the text of a profiles file. */
  'profiles.export': req(z.strictObject({ ids: z.array(profileIdSchema).max(MAX_STORED).optional() }), z.object({ json: z.string(), fileName: z.string() })),

  // logging
  /**
   * Start logging a session. Electron asks where with a save dialog (the renderer never hands main a
   * path); the browser host writes into its log folder. `started: false` when the dialog was cancelled.
   */
  'log.start': req(logChoicesSchema.extend({ sessionId: sessionIdSchema, format: z.enum(LOG_FORMATS) }).strict(), z.object({ started: z.boolean(), fileName: z.string().optional() })),
  'log.stop': req(sessionRef, ok),
  /** Show the session's current (or last) log file in the file manager. */
  'log.openFolder': req(sessionRef, ok),

  // dialer
  'phonebook.list': req(empty, z.array(phonebookEntrySchema)),
  'phonebook.save': req(z.strictObject({ entry: phonebookEntrySchema }), phonebookEntrySchema),
  'phonebook.delete': req(z.strictObject({ id: profileIdSchema }), ok),
  /** Import a phonebook file's text (or a bare array of entries); all or nothing, like profiles.import. */
  /** Import a phonebook file: entries added with new ids; `skipped`: entries the phonebook already had, field for field. */
  'phonebook.import': req(z.strictObject({ json: z.string().max(16 * 1024 * 1024) }), z.object({ imported: z.array(phonebookEntrySchema), skipped: z.number().int().min(0) })),
  /** Export phonebook entries (all when ids is omitted) as the text of a phonebook file. */
  'phonebook.export': req(z.strictObject({ ids: z.array(profileIdSchema).max(MAX_STORED).optional() }), z.object({ json: z.string(), fileName: z.string() })),
  /**
   * Dial a phonebook entry, or a number, through the modem on an open session. A number may carry
   * redials and their delay, read as an entry's (same schema, same defaults: none, 5 s).
   */
  'dial.start': req(
    z.union([
      z.strictObject({ sessionId: sessionIdSchema, entryId: profileIdSchema }),
      z.strictObject({
        sessionId: sessionIdSchema,
        number: z.string().trim().min(1).max(64),
        chatScript: z.string().max(4000).optional(),
        ...phonebookEntrySchema.pick({ redialAttempts: true, redialDelayMs: true }).shape,
      }),
    ]),
    ok,
  ),
  'dial.hangup': req(sessionRef, ok),
  /**
   * Asynchronous callback (Cisco): dial, run the login script, hang up, and wait for the call back
   * (RING on RI), answered by ATA (default) or the modem's auto-answer. An entry must have a login script.
   */
  'dial.callback': req(
    z.union([
      z.strictObject({ sessionId: sessionIdSchema, entryId: profileIdSchema, answerBy: z.enum(CALLBACK_ANSWERS).optional() }),
      z.strictObject({
        sessionId: sessionIdSchema,
        number: z.string().trim().min(1).max(64),
        loginScript: z.string().trim().min(1).max(4000),
        answerBy: z.enum(CALLBACK_ANSWERS).optional(),
      }),
    ]),
    ok,
  ),
  /** Answer mode: off, manual (wait for RING, then the operator answers with ATA), auto (ATA on RING). */
  'dial.answerMode': req(z.strictObject({ sessionId: sessionIdSchema, mode: z.enum(ANSWER_MODES) }), ok),

  // macros (issue 14): the stored set with its shipped examples, and runs on a session
  'macros.list': req(empty, z.array(macroEntrySchema)),
  /**
   * Create (no id) or replace (id) a saved macro, shown on every tab or only on `profileId`'s; returns
   * it as stored. Refused: an example's id, or a function key another macro on the same tabs has.
   */
  'macros.save': req(z.strictObject({ macro: macroSchema, profileId: profileIdSchema.optional() }), macroEntrySchema),
  'macros.delete': req(z.strictObject({ id: macroIdSchema }), ok),
  /**
   * Import a macros file's text (macrosFileSchema, or a bare array of macros); all or nothing. Imported
   * macros show on every tab; a function key already taken is left unbound (said in `notes`).
   */
  'macros.import': req(z.strictObject({ json: z.string().max(16 * 1024 * 1024) }), z.object({ imported: z.array(macroEntrySchema), notes: z.array(z.string()) })),
  /** Export saved macros (all when ids is omitted) as the text of a macros file (macrosFileSchema). */
  'macros.export': req(z.strictObject({ ids: z.array(macroIdSchema).max(MAX_MACROS).optional() }), z.object({ json: z.string(), fileName: z.string() })),
  /** Run a saved or example macro on an open session; one run per session (a second is refused). Progress as 'macro.status'. */
  'macro.run': req(z.strictObject({ sessionId: sessionIdSchema, macroId: macroIdSchema }), ok),
  /** Stop the session's running macro (a DTR/RTS pulse in progress is put back); nothing running is fine. */
  'macro.stop': req(sessionRef, ok),
  // file transfer (issue 13): one per session; progress as 'transfer.status'
  /**
   * Send a file: Electron asks for it with an open dialog (fileName ignored); the browser host takes
   * `fileName`, a name (never a path) in its transfer folder. `drop` carries a file dropped onto the pane
   * (at most MAX_DROP_BYTES), streamed to the engine as is. started false: the operator cancelled the dialog.
   */
  'transfer.send': req(
    z.strictObject({
      sessionId: sessionIdSchema,
      protocol: z.enum(SEND_PROTOCOLS),
      fileName: z.string().min(1).max(255).optional(),
      drop: z.strictObject({ name: z.string().min(1).max(255), bytes: bytesSchema.refine((b) => b.byteLength <= MAX_DROP_BYTES, `a dropped file is at most ${MAX_DROP_BYTES} bytes`) }).optional(),
      /** protocol 'text': the tab's send newline and paste pacing (default CR, no delays). */
      text: z
        .strictObject({
          newline: z.enum(NEWLINES),
          charDelayMs: z.number().int().min(0).max(MAX_CHAR_DELAY_MS),
          lineDelayMs: z.number().int().min(0).max(MAX_LINE_DELAY_MS),
        })
        .optional(),
    }),
    z.object({ started: z.boolean() }),
  ),
  /** Receive: Electron asks for a folder; the browser host writes into its transfer folder (never overwriting). */
  'transfer.receive': req(z.strictObject({ sessionId: sessionIdSchema, protocol: z.enum(RECEIVE_PROTOCOLS) }), z.object({ started: z.boolean() })),
  /** Cancel the session's transfer (CAN to the peer); nothing running is fine. */
  'transfer.cancel': req(sessionRef, ok),
} as const satisfies Record<string, RequestDef>;

/** Every event (main -> renderer), by channel name. */
export const events = {
  /** Received bytes, batched; ack them with session.ack once consumed. */
  'session.data': z.object({ sessionId: sessionIdSchema, bytes: bytesSchema }),
  'session.event': z.object({ sessionId: sessionIdSchema, event: sessionEventSchema }),
  /**
   * Bytes main itself wrote to the session for the dialer (chat script) or a macro, as written: the window
   * counts them as sent (its ↑ counter) and shows them in the hex view, as it does the bytes it writes.
   */
  'session.sent': z.object({ sessionId: sessionIdSchema, bytes: bytesSchema }),
  /** The list of open sessions changed (opened, closed). */
  'sessions.changed': z.object({ sessions: z.array(sessionInfoSchema) }),
  'ports.changed': z.object({ ports: z.array(portInfoSchema), added: z.array(portInfoSchema), removed: z.array(portInfoSchema) }),
  'log.status': logStatusSchema,
  'dial.status': dialStatusSchema,
  /** A macro run's progress, each one complete (the last one received is the state). */
  'macro.status': macroStatusSchema,
  /** A file transfer's progress and end (the last one received is the state). */
  'transfer.status': transferStatusSchema,
  /**
   * An application menu item was chosen (Electron only; src-shared/app/menu.ts): the renderer runs the
   * same function its button or key runs. Any other command is refused by the schema.
   */
  'menu.command': z.strictObject({ command: menuCommandSchema }),
} as const satisfies Record<string, z.ZodType>;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
/** The payload the renderer sends (defaults optional). */
export type RequestOf<N extends RequestName> = z.input<(typeof requests)[N]['request']>;
/** The payload main's handler receives, parsed (defaults filled). */
export type ParsedRequestOf<N extends RequestName> = z.output<(typeof requests)[N]['request']>;
/** The reply value. */
export type ReplyOf<N extends RequestName> = z.output<(typeof requests)[N]['reply']>;
/** The event payload. */
export type EventOf<N extends EventName> = z.output<(typeof events)[N]>;

/** The channel names, for the preload's allow-list and the hosts. */
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** How a reply travels: the value, or an error message (and a stable code where one applies). */
export type ReplyEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: string; code?: string };

/** Error codes of failed replies. */
export const IPC_ERROR_CODES = ['bad-request', 'unknown-channel', 'unknown-session', 'not-found', 'not-available', 'failed'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

/** Electron channel names are prefixed so they cannot collide with anything else on ipcMain. */
export const ELECTRON_CHANNEL_PREFIX = 'dialtone:';

/** Type guards for channel names arriving from outside. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
