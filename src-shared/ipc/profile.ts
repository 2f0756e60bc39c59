/**
 * Profiles: a saved way to reach one line (target, line settings, DTR/RTS on open, terminal options,
 * auto-log). Stored as JSON by src-main/profiles, edited by the renderer, sent over IPC.
 *
 * Targets follow src-shared/session/target.ts, plus Cisco's reverse-telnet line presets for an access
 * server host and line number N (Cisco async documentation): `2000+N` telnet, `4000+N` raw TCP,
 * `6000+N` telnet in binary mode.
 */
import { z } from 'zod';
import { lineSettingsPatchSchema } from '../line/settings.js';
import { hostProblem, type Target } from '../session/target.js';
import { dialEntrySchema } from '../dialer/phonebook.js';
import { MAX_CHAR_DELAY_MS, MAX_LINE_DELAY_MS } from '../bytes/paced-text.js';

/** A host name, an IPv4 or a bracketless IPv6 address: not `host:port`, not a URL (target.ts hostProblem). */
const hostSchema = z
  .string()
  .trim()
  .min(1, 'host is empty')
  .max(253)
  .superRefine((host, ctx) => {
    const problem = hostProblem(host);
    if (host && problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const tcpPortSchema = z.number().int().min(1).max(65535);

/** A network target: RFC 2217, telnet (RFC 854) or raw TCP to host:port. */
export const networkTargetSchema = z.object({
  kind: z.enum(['rfc2217', 'telnet', 'raw']),
  host: hostSchema,
  port: tcpPortSchema,
  /** Inside TLS (rfc2217s://, telnets://, tls://). */
  tls: z.boolean().optional(),
});

/** A local serial port by path (/dev/ttyUSB0, /dev/serial/by-id/..., COM3). */
export const serialTargetSchema = z.object({
  kind: z.literal('serial'),
  path: z.string().trim().min(1, 'port path is empty').max(4096),
});

/** The three Cisco reverse-telnet modes for line N. */
export const CISCO_LINE_MODES = ['telnet', 'raw', 'binary-telnet'] as const;
export type CiscoLineMode = (typeof CISCO_LINE_MODES)[number];
/** Base TCP port of each Cisco mode: the line's port is base + N. */
export const CISCO_LINE_BASE: Readonly<Record<CiscoLineMode, number>> = { telnet: 2000, raw: 4000, 'binary-telnet': 6000 };

/** A Cisco access-server line: host + line number N + mode (2000+N, 4000+N, 6000+N). */
export const ciscoLineTargetSchema = z.object({
  kind: z.literal('cisco-line'),
  host: hostSchema,
  line: z.number().int().min(0).max(1535),
  mode: z.enum(CISCO_LINE_MODES),
});

/** What the session layer connects to (the same shape as src-shared/session/target.ts Target). */
export const targetSchema = z.discriminatedUnion('kind', [networkTargetSchema, serialTargetSchema]);
/** What a profile may name: a target or a Cisco line preset. */
export const profileTargetSchema = z.discriminatedUnion('kind', [networkTargetSchema, serialTargetSchema, ciscoLineTargetSchema]);
export type ProfileTarget = z.infer<typeof profileTargetSchema>;
export type CiscoLineTarget = z.infer<typeof ciscoLineTargetSchema>;

/**
 * The session target a profile target names: Cisco line N in mode telnet -> telnet to 2000+N,
 * raw -> raw TCP to 4000+N, binary-telnet -> telnet to 6000+N (the session negotiates BINARY).
 */
export function resolveProfileTarget(t: ProfileTarget): Target {
  if (t.kind !== 'cisco-line') return t;
  return { kind: t.mode === 'raw' ? 'raw' : 'telnet', host: t.host, port: CISCO_LINE_BASE[t.mode] + t.line };
}

export const NEWLINES = ['cr', 'lf', 'crlf'] as const;
export const RECEIVE_NEWLINES = ['cr', 'lf', 'crlf', 'auto'] as const;
/** Decodings of received bytes for display; the log and hex view always see raw bytes. */
export const ENCODINGS = ['utf-8', 'latin1', 'cp437'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** How the terminal pane shows and sends text. Delays in ms, font size in CSS px. */
export const terminalOptionsSchema = z.object({
  localEcho: z.boolean().default(false),
  /** What a received newline is: CR, LF, CRLF, or auto (LF alone also returns the cursor). */
  receiveNewline: z.enum(RECEIVE_NEWLINES).default('auto'),
  /** What Enter sends. */
  sendNewline: z.enum(NEWLINES).default('cr'),
  encoding: z.enum(ENCODINGS).default('utf-8'),
  /** Pause after each pasted character, ms (slow consoles, e.g. Cisco at 9600). */
  pasteCharDelayMs: z.number().int().min(0).max(MAX_CHAR_DELAY_MS).default(0),
  /** Pause after each pasted line, ms. */
  pasteLineDelayMs: z.number().int().min(0).max(MAX_LINE_DELAY_MS).default(0),
  fontSize: z.number().int().min(6).max(72).default(14),
});
export type TerminalOptions = z.infer<typeof terminalOptionsSchema>;

/**
 * Log file formats (src-main/logging/formats.ts has each formatter):
 *   raw        the received bytes exactly as they came (no framing)
 *   text       decoded text, optional per-line timestamps, events inline
 *   hex        offset + hex + ASCII dump of both directions
 *   asciicast  asciicast v2 (replayable with asciinema)
 *   jsonl      one JSON object per record: bytes both ways, direction, timestamps, session events
 */
export const LOG_FORMATS = ['raw', 'text', 'hex', 'asciicast', 'jsonl'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Per-line timestamps (text and hex logs): none, wall clock (ISO 8601 UTC, ms), or seconds since the log started. */
export const LOG_TIMESTAMPS = ['none', 'wall', 'elapsed'] as const;
export type LogTimestamps = (typeof LOG_TIMESTAMPS)[number];

/** Smallest and largest size a rotated log file may be given, bytes. */
export const LOG_ROTATE_MIN_BYTES = 64 * 1024;
export const LOG_ROTATE_MAX_BYTES = 1024 ** 4;

/**
 * How a log is written, chosen in the Log panel and per profile:
 *   format; timestamps (text and hex; default none); sent: the bytes sent too (default false; raw never
 *   has them); rotate: a new file once maxBytes (bytes; null: no limit) are in the current one, and/or at
 *   each new local day (daily; every file name then carries its day).
 */
export const logChoicesSchema = z.object({
  format: z.enum(LOG_FORMATS).default('text'),
  timestamps: z.enum(LOG_TIMESTAMPS).default('none'),
  sent: z.boolean().default(false),
  rotate: z
    .object({
      maxBytes: z.number().int().min(LOG_ROTATE_MIN_BYTES, 'a rotated log file holds at least 64 KiB').max(LOG_ROTATE_MAX_BYTES).nullable().default(null),
      daily: z.boolean().default(false),
    })
    .default({ maxBytes: null, daily: false }),
});
export type LogChoices = z.infer<typeof logChoicesSchema>;

/**
 * The fields a log file-name template may name, e.g. "{profile}-{datetime}.log": the one list the
 * profile schema checks at save and src-main/logging/file-name.ts expands when a session opens.
 *   {date} YYYY-MM-DD, {time} HH-MM-SS, {datetime} YYYY-MM-DD_HH-MM-SS (local time), {profile} the
 *   profile's name, {host} {port} of a network target, {path} of a serial port, {target} the whole
 *   target (values are made safe for one file name; a field the target lacks expands to '').
 */
export const LOG_NAME_FIELDS = ['date', 'time', 'datetime', 'profile', 'host', 'port', 'path', 'target'] as const;
export type LogNameField = (typeof LOG_NAME_FIELDS)[number];

/** The known fields as a template writes them: "{date} {time} ... {target}" (messages, help text). */
export const LOG_NAME_FIELDS_HELP = LOG_NAME_FIELDS.map((f) => `{${f}}`).join(' ');

/**
 * A fresh global pattern of one {field} reference: braces around anything but braces (a lone '{' or
 * '}' is literal text). Group 1 is the field's name. Fresh each call: a global RegExp keeps state.
 */
export function logNameFieldPattern(): RegExp {
  return /\{([^{}]*)\}/g;
}

/** True when `name` is one of LOG_NAME_FIELDS. */
export function isLogNameField(name: string): name is LogNameField {
  return (LOG_NAME_FIELDS as readonly string[]).includes(name);
}

/**
 * Why a file-name template cannot name a log file, or null when it can. Refused: an empty template, a
 * path (a '/' or '\\', or '..' anywhere), a NUL character, "." (the folder itself), and an unknown
 * {field} (the message names it and lists the known ones). Whatever the fields expand to, an accepted
 * template gives a name inside the log folder; it can still give an empty name when it has no literal
 * text and only fields the target lacks (e.g. "{host}" for a serial port), which the session's open
 * reports.
 */
export function logFileNameTemplateProblem(template: string): string | null {
  if (template === '') return 'the file name template is empty';
  if (/[/\\]/.test(template) || template.includes('..')) return 'the file name template names a file, not a path (no / \\ or ..)';
  if (template.includes('\0')) return 'the file name template contains a NUL character';
  if (template === '.') return 'the file name template "." names the log folder itself, not a file';
  for (const m of template.matchAll(logNameFieldPattern())) {
    const name = m[1] ?? '';
    if (!isLogNameField(name)) return `unknown field {${name}} in the file name template: use ${LOG_NAME_FIELDS_HELP}`;
  }
  return null;
}

/**
 * Log automatically when a session opens. The file name template may use the LOG_NAME_FIELDS
 * ({profile}, {date}, {time}, {datetime}, {host}, {port}, {path}, {target}); it names a file in the log
 * folder, never a path, and is checked at save by logFileNameTemplateProblem. An existing file of that
 * name is never overwritten: the log takes name-2.log, name-3.log, ... (src-main/logging/session-log.ts).
 */
export const autoLogSchema = logChoicesSchema.extend({
  enabled: z.boolean().default(false),
  fileNameTemplate: z
    .string()
    .max(200, 'the file name template is longer than 200 characters')
    .superRefine((template, ctx) => {
      const problem = logFileNameTemplateProblem(template);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default('{profile}-{datetime}.log'),
});
export type AutoLog = z.infer<typeof autoLogSchema>;

/** Largest file in the certificates folder (a certificate, key or PKCS#12 bundle), bytes. */
export const MAX_CERT_BYTES = 256 * 1024;
/** A file name in the certificates folder (main makes every imported name fit it). */
export const CERT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
export const certNameSchema = z.string().regex(CERT_NAME_PATTERN, 'a certificates-folder file name: letters, digits, . - _').refine((n) => !n.includes('..'), 'a file name, not a path');
/** What an import says its file is: a CA (or the server's own) certificate, a client certificate, its key, a PKCS#12 bundle. */
export const CERT_KINDS = ['ca', 'cert', 'key', 'pfx'] as const;
export type CertKind = (typeof CERT_KINDS)[number];
/** A file of the certificates folder and what it is (a certificate's subject, SHA-256 fingerprint and end of validity). */
export const certificateInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['cert', 'key', 'pfx', 'unknown']),
  subject: z.string().optional(),
  fingerprint256: z.string().optional(),
  validTo: z.string().optional(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

/**
 * How a profile trusts its TLS access server (rfc2217s://, telnets://, tls://) and who it is. Trust: a
 * pinned SHA-256 fingerprint, else a CA file (caName, in the certificates folder: ser2net's own
 * certificate works), else trust on first use (the known-servers file in main). checkHostname: the
 * certificate's names must match the host (with a CA; default on; off for ser2net's self-signed
 * `<host>-ser2net`). The lowest TLS version. A client certificate: certName + keyName (PEM), or pfxName
 * (PKCS#12, whose passphrase is asked when connecting and kept in memory only; savePassphrase is
 * reserved: no safe store is offered yet, so it is always false).
 */
export const profileTlsSchema = z.object({
  pin: z
    .string()
    .trim()
    .regex(/^(sha256:)?([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/i, 'a pin is a SHA-256 fingerprint: 64 hex digits')
    .optional(),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
  caName: certNameSchema.optional(),
  checkHostname: z.boolean().default(true),
  certName: certNameSchema.optional(),
  keyName: certNameSchema.optional(),
  pfxName: certNameSchema.optional(),
  savePassphrase: z.literal(false).default(false),
})
  .refine((t) => (t.certName === undefined) === (t.keyName === undefined), { message: 'a client certificate needs both its certificate and its key', path: ['keyName'] })
  .refine((t) => !(t.pfxName && t.certName), { message: 'a client certificate is PEM (certificate + key) or PKCS#12, not both', path: ['pfxName'] });
export type ProfileTls = z.infer<typeof profileTlsSchema>;

export const profileIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'profile id: letters, digits, - and _');

/**
 * A saved profile. `id` is assigned by the store on first save (omit it to create). `builtIn` profiles
 * (the demo modem) are offered by main and cannot be saved over or deleted.
 */
export const profileSchema = z.object({
  id: profileIdSchema.optional(),
  name: z.string().trim().min(1, 'profile name is empty').max(120),
  target: profileTargetSchema,
  /** Requested line settings; omitted fields keep the far end's values. */
  settings: lineSettingsPatchSchema.default({}),
  /** DTR/RTS to assert on open; omitted leaves the line alone. */
  dtr: z.boolean().optional(),
  rts: z.boolean().optional(),
  /** Safe open: never touch DTR/RTS on open or close (boards that reset on DTR). Overrides dtr/rts. */
  safeOpen: z.boolean().default(false),
  /** Reconnect with back-off after a lost connection, re-applying the settings. */
  reconnect: z.boolean().default(true),
  /**
   * A desktop notification (Electron, while the window is not focused) on RING and when a dial ends
   * (CONNECT, BUSY, NO CARRIER, ...): src-main/app/notifications.ts. On by default; profiles saved
   * before the option load with it on.
   */
  notify: z.boolean().default(true),
  terminal: terminalOptionsSchema.default(terminalOptionsSchema.parse({})),
  autoLog: autoLogSchema.default(autoLogSchema.parse({})),
  /** TLS trust for a target inside TLS (ignored otherwise). */
  tls: profileTlsSchema.optional(),
  builtIn: z.boolean().optional(),
});
/** A profile as stored and listed (defaults filled in). */
export type Profile = z.infer<typeof profileSchema>;
/** A profile as the renderer may write it (defaults optional). */
export type ProfileInput = z.input<typeof profileSchema>;

/** The export/import file: `{ dialtone: "profiles", version: 1, profiles: [...] }`. */
/** Most profiles stored (and in one file), and most phonebook entries: a bound on every list and request. */
export const MAX_STORED = 10_000;

export const profilesFileSchema = z.object({
  dialtone: z.literal('profiles'),
  version: z.literal(1),
  profiles: z.array(profileSchema).max(MAX_STORED),
});
export type ProfilesFile = z.infer<typeof profilesFileSchema>;

/**
 * A phonebook entry for the dialer: a number to dial through a modem reached by a profile, with an
 * optional chat script (chat(8) / Cisco form), redial policy, init string, tone/pulse and login script.
 * The dialer's own schema (src-shared/dialer/phonebook.ts) with ids restricted like profile ids.
 */
export const phonebookEntrySchema = dialEntrySchema.extend({ id: profileIdSchema.optional() });
export type PhonebookEntry = z.infer<typeof phonebookEntrySchema>;
export type PhonebookEntryInput = z.input<typeof phonebookEntrySchema>;
