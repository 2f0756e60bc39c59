/**
 * The simulated telephone network behind the demo modem: the directory of numbers and the services
 * that answer them. A dialed string matches an entry when its digits end with the entry's 7 digits, so
 * `ATDT5550100`, `ATDT 555-0100`, `ATDT9,15555550100` all reach the echo service.
 *
 *   555-0100  echo        answers after one ring; echoes every byte back
 *   555-0101  BBS         a small bulletin board: login prompt (user "demo", password "dialtone", shown
 *                         in its banner), a menu (help, time, files, download, upload, bye); "bye" hangs
 *                         up (NO CARRIER); "download ymodem|zmodem [FILE]" sends a file of its own
 *                         (README.TXT, DIALTONE.ZIP), "upload [ymodem|zmodem|xmodem]" receives one and
 *                         says its size and SHA-256 (./bbs-files.ts)
 *   555-0102  busy        BUSY (X3/X4; NO CARRIER with X0-X2)
 *   555-0103  no answer   rings forever: NO ANSWER after S7 seconds (default 10)
 *   555-0104  callback    Cisco-style asynchronous callback: log in (demo / dialtone), hang up, and it
 *                         calls this modem back after 3 s: RING on RI (ring cadence 2 s on, 4 s off),
 *                         answered by ATA or by auto-answer (ATS0=n); then a welcome shell
 *   555-0199  no line     pulls the line: NO DIALTONE (X2/X4; NO CARRIER otherwise), as does any
 *                         number while S99=1 (the phone line "unplugged")
 *   anything else         a person answers: one ring, then NO CARRIER
 */
import type { CallOutcome, RemoteService, ServiceContext, ServiceFactory } from './modem.js';
import { BBS_FILES, bbsFileList, startBbsDownload, startBbsUpload } from './bbs-files.js';

/** The demo account of the BBS and the callback server. */
export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'dialtone';
/** How long the callback server waits after the caller hangs up before it rings back (ms). */
export const CALLBACK_DELAY_MS = 3000;

export interface DirectoryEntry {
  number: string;
  name: string;
  description: string;
  outcome: CallOutcome;
  /** The login chat script (chat(8)) its phonebook entry ships with, for a service that needs one. */
  loginScript?: string;
}

/** Echo: every byte comes back. */
export const echoService: ServiceFactory = (ctx) => ({
  receive: (bytes) => ctx.send(bytes),
  hangup: () => {},
});

/**
 * A line-oriented prompt reader as a remote host does it: echoes typed characters (or not, for a
 * password), handles backspace, calls `onLine` at CR.
 */
function lineReader(ctx: ServiceContext, onLine: (line: string) => void) {
  let buf = '';
  let echo = true;
  return {
    setEcho(on: boolean) {
      echo = on;
    },
    receive(bytes: Uint8Array) {
      for (const b of bytes) {
        if (b === 0x0d) {
          ctx.send('\r\n');
          const line = buf;
          buf = '';
          onLine(line);
        } else if (b === 0x0a || b === 0x00) {
          // LF after CR, NUL after CR (telnet NVT): nothing
        } else if (b === 0x08 || b === 0x7f) {
          if (buf.length > 0) {
            buf = buf.slice(0, -1);
            if (echo) ctx.send('\b \b');
          }
        } else if (buf.length < 200) {
          buf += String.fromCharCode(b);
          if (echo) ctx.send(Uint8Array.of(b));
        }
      }
    },
  };
}

/**
 * The shell after login (BBS and callback): help, time, files, download, upload, bye. While a transfer
 * runs the caller's bytes go to it; its end says how it went and the prompt comes back.
 */
function shell(ctx: ServiceContext, greeting: string): RemoteService {
  const prompt = () => ctx.send('> ');
  let transfer: { receive(bytes: Uint8Array): void; hangup(): void } | null = null;
  const ended = (text: string, rest: Uint8Array) => {
    transfer = null;
    ctx.send(`\r\n${text}\r\n`);
    prompt();
    if (rest.length > 0) reader.receive(rest);
  };
  const reader = lineReader(ctx, (line) => {
    const words = line.trim().split(/\s+/);
    const cmd = (words[0] ?? '').toLowerCase();
    if (cmd === 'bye' || cmd === 'logout' || cmd === 'quit') {
      ctx.send('Goodbye.\r\n');
      ctx.hangup();
      return;
    }
    if (cmd === 'help' || cmd === '?') ctx.send('Commands: help, time, files, download ymodem|zmodem [FILE], upload [ymodem|zmodem|xmodem], bye\r\n');
    else if (cmd === 'time') ctx.send(`${new Date().toISOString()}\r\n`);
    else if (cmd === 'files') ctx.send(bbsFileList());
    else if (cmd === 'download') {
      const protocol = (words[1] ?? '').toLowerCase();
      const name = (words[2] ?? 'README.TXT').toUpperCase();
      const file = BBS_FILES.find((f) => f.name === name);
      if (protocol !== 'ymodem' && protocol !== 'zmodem') ctx.send('Usage: download ymodem|zmodem [FILE]\r\n');
      else if (!file) ctx.send(`No file "${name}". Type files.\r\n`);
      else {
        ctx.send(`Sending ${file.name} (${file.bytes.length} bytes) by ${protocol.toUpperCase()}. Start your receiver now.\r\n`);
        transfer = startBbsDownload(ctx, protocol, file, ended);
        return;
      }
    } else if (cmd === 'upload') {
      const protocol = (words[1] ?? 'ymodem').toLowerCase();
      if (protocol !== 'ymodem' && protocol !== 'zmodem' && protocol !== 'xmodem') ctx.send('Usage: upload [ymodem|zmodem|xmodem]\r\n');
      else {
        ctx.send(`Ready to receive by ${protocol.toUpperCase()}. Start your sender now.\r\n`);
        transfer = startBbsUpload(ctx, protocol, ended);
        return;
      }
    } else if (cmd !== '') ctx.send(`Unknown command "${cmd}". Type help.\r\n`);
    prompt();
  });
  ctx.send(greeting);
  prompt();
  return {
    receive: (b) => (transfer ? transfer.receive(b) : reader.receive(b)),
    hangup: () => transfer?.hangup(),
  };
}

/**
 * A login dialogue: `userPrompt` / "Password:"; three failures hang up. Calls `onLogin` once logged in
 * and hands it the input from then on.
 */
function login(
  ctx: ServiceContext,
  banner: string,
  userPrompt: string,
  onLogin: () => RemoteService,
): RemoteService {
  let user: string | null = null;
  let failures = 0;
  let after: RemoteService | null = null;
  const reader = lineReader(ctx, (line) => {
    if (user === null) {
      user = line.trim();
      reader.setEcho(false);
      ctx.send('Password: ');
      return;
    }
    const ok = user === DEMO_USER && line === DEMO_PASSWORD;
    user = null;
    reader.setEcho(true);
    if (ok) {
      after = onLogin();
      return;
    }
    failures++;
    ctx.send('Login incorrect\r\n');
    if (failures >= 3) {
      ctx.hangup();
      return;
    }
    ctx.send(userPrompt);
  });
  ctx.send(banner + userPrompt);
  return {
    receive: (b) => (after ? after.receive(b) : reader.receive(b)),
    hangup: () => after?.hangup(),
  };
}

/** The BBS of 555-0101. */
export const bbsService: ServiceFactory = (ctx) =>
  login(
    ctx,
    `\r\nDialtone demo BBS\r\nLog in as user "${DEMO_USER}", password "${DEMO_PASSWORD}".\r\n\r\n`,
    'login: ',
    () => shell(ctx, `\r\nWelcome, ${DEMO_USER}. Type help for commands, bye to hang up.\r\n`),
  );

/** What answers the callback: a welcome shell. */
const callbackShell: ServiceFactory = (ctx) =>
  shell(ctx, `\r\nCallback connected. Welcome back, ${DEMO_USER}. Type bye to hang up.\r\n`);

/**
 * The callback server of 555-0104 (Cisco asynchronous callback): after login it says it will call
 * back, waits for the caller to hang up (or hangs up itself after 10 s), and rings the caller's modem
 * CALLBACK_DELAY_MS later.
 */
export const callbackService: ServiceFactory = (ctx) => {
  let scheduled = false;
  let cancelSelfHangup: (() => void) | null = null;
  const scheduleCallback = () => {
    if (scheduled) return;
    scheduled = true;
    cancelSelfHangup?.();
    ctx.callBack(CALLBACK_DELAY_MS, callbackShell);
  };
  let loggedIn = false;
  const inner = login(
    ctx,
    `\r\nDialtone callback server\r\nLog in as "${DEMO_USER}" / "${DEMO_PASSWORD}"; we hang up and call you back.\r\n\r\n`,
    'Username: ',
    () => {
      loggedIn = true;
      ctx.send(`Callback to your line in ${CALLBACK_DELAY_MS / 1000} seconds. Hang up now.\r\n`);
      cancelSelfHangup = ctx.clock.setTimer(10_000, () => {
        ctx.hangup();
        scheduleCallback();
      });
      return { receive: () => {}, hangup: () => {} };
    },
  );
  return {
    receive: (b) => inner.receive(b),
    hangup: () => {
      if (loggedIn) scheduleCallback();
    },
  };
};

/** The numbers of the demo network (see the module doc). */
export const DIRECTORY: readonly DirectoryEntry[] = [
  { number: '555-0100', name: 'echo', description: 'echoes every byte', outcome: { kind: 'answer', service: echoService } },
  {
    number: '555-0101',
    name: 'BBS',
    description: `bulletin board; login ${DEMO_USER} / ${DEMO_PASSWORD}; "bye" hangs up`,
    outcome: { kind: 'answer', service: bbsService },
  },
  { number: '555-0102', name: 'busy', description: 'always BUSY', outcome: { kind: 'busy' } },
  { number: '555-0103', name: 'no answer', description: 'rings; NO ANSWER after S7 s (default 10)', outcome: { kind: 'no-answer' } },
  {
    number: '555-0104',
    name: 'callback',
    description: `log in (${DEMO_USER} / ${DEMO_PASSWORD}), hang up: calls you back after ${CALLBACK_DELAY_MS / 1000} s (RING; ATA or ATS0=1)`,
    outcome: { kind: 'answer', service: callbackService },
    // the callback flow logs in, then hangs up when told to
    loginScript: `TIMEOUT 10 Username: ${DEMO_USER} Password: ${DEMO_PASSWORD} 'Hang up now'`,
  },
  { number: '555-0199', name: 'no line', description: 'pulls the line: NO DIALTONE', outcome: { kind: 'no-dialtone' } },
];

/** What dialing `dialString` (everything after ATD, modifiers included) reaches. */
export function lookUp(dialString: string): CallOutcome {
  const digits = dialString.replace(/[^0-9]/g, '');
  for (const entry of DIRECTORY) {
    const want = entry.number.replace(/[^0-9]/g, '');
    if (digits.length >= want.length && digits.endsWith(want)) return entry.outcome;
  }
  return { kind: 'voice' };
}

/** The directory as text lines for `dialtone sim` and the UI. */
export function describeDirectory(): string[] {
  return [
    ...DIRECTORY.map((e) => `  ${e.number}  ${e.name.padEnd(9)}  ${e.description}`),
    '  other     a person answers: NO CARRIER',
    '  (ATS99=1 unplugs the phone line: NO DIALTONE for every number)',
  ];
}
