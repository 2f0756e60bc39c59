/**
 * Chat scripts: the expect-send language of pppd's chat(8) and of Cisco IOS `chat-script`, parsed into
 * steps. Pure (shared by main and the renderer's script editor); the engine that runs a script is in
 * chat-engine.ts.
 *
 * Syntax (chat(8), "CHAT SCRIPT"): whitespace-separated strings, '...' or "..." quote a string with
 * spaces. Strings alternate expect, send, expect, send... An expect string may carry fallback sub-pairs
 * `expect-send-expect[-send-expect...]`: when an expect times out, the following send is sent and the
 * next expect awaited (`ogin:--ogin:` sends a bare CR). `\-` is a literal hyphen there (our addition).
 * Keywords, in the expect position, take one argument:
 *   ABORT s, CLR_ABORT s, REPORT s, CLR_REPORT s, TIMEOUT seconds, SAY s, ECHO ON|OFF, HANGUP ON|OFF.
 * Special sends: BREAK (send a BREAK), EOT (^D, no CR).
 * Escapes (chat(8) / Cisco): \b BS, \c no trailing CR (send, at the end), \d delay (pppd 1 s, Cisco 2 s),
 *   \p pause (pppd 0.1 s, Cisco 0.25 s), \K BREAK (send), \n LF, \N NUL, \r CR, \s space, \t TAB,
 *   \\ backslash, \T the phone number, \U the second phone number, \q (accepted, ignored), \ddd octal,
 *   ^C a control character, \" \' quotes. In expect strings only the character escapes are allowed.
 * Files: lines whose first non-blank character is # are comments (pppd files); Cisco configuration lines
 *   `chat-script NAME ...` are imported by name, `!` lines are comments there.
 */

/** Whose defaults apply: pppd chat(8) (TIMEOUT 45 s, \d 1 s, \p 0.1 s) or Cisco IOS (5 s, 2 s, 0.25 s). */
export type ChatDialect = 'pppd' | 'cisco';

export const DIALECT_DEFAULTS: Record<ChatDialect, { timeoutMs: number; delayMs: number; pauseMs: number }> = {
  pppd: { timeoutMs: 45_000, delayMs: 1000, pauseMs: 100 },
  cisco: { timeoutMs: 5_000, delayMs: 2000, pauseMs: 250 },
};

/** One step of a script. Strings are kept as written (escapes expanded when the script runs). */
export type ChatStep =
  | { kind: 'abort'; text: string }
  | { kind: 'clr-abort'; text: string }
  | { kind: 'report'; text: string }
  | { kind: 'clr-report'; text: string }
  /** Seconds allowed for each following expect. */
  | { kind: 'timeout'; seconds: number }
  | { kind: 'say'; text: string }
  | { kind: 'echo'; on: boolean }
  | { kind: 'hangup'; on: boolean }
  /** expect[0], then on timeout send fallbacks[i] and expect expect[i+1]; then `send` (absent: none). */
  | { kind: 'expect'; expect: string[]; fallbacks: string[] }
  | { kind: 'send'; text: string };

export interface ChatScript {
  dialect: ChatDialect;
  steps: ChatStep[];
}

/** A script that cannot be read; the message names the token and what was expected. */
export class ChatScriptError extends Error {
  override name = 'ChatScriptError';
}

const KEYWORDS = new Set(['ABORT', 'CLR_ABORT', 'REPORT', 'CLR_REPORT', 'TIMEOUT', 'SAY', 'ECHO', 'HANGUP']);

/**
 * Split script text into strings: whitespace separates, '...' and "..." quote, a backslash keeps the
 * next character (both characters stay, for expandSend/expandExpect). With `comments`, lines whose first
 * non-blank character is `#` are skipped.
 * @throws ChatScriptError on an unterminated quote.
 */
export function tokenizeChat(text: string, comments = true): string[] {
  const tokens: string[] = [];
  const lines = comments ? text.split(/\r?\n/).filter((l) => !/^\s*#/.test(l)).join('\n') : text;
  let i = 0;
  while (i < lines.length) {
    const c = lines[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let tok = '';
    let quoted = false;
    while (i < lines.length && !/\s/.test(lines[i]!)) {
      const ch = lines[i]!;
      if (ch === '"' || ch === "'") {
        quoted = true;
        const close = ch;
        i++;
        while (i < lines.length && lines[i] !== close) {
          if (lines[i] === '\\' && i + 1 < lines.length) {
            tok += lines[i]! + lines[i + 1]!;
            i += 2;
          } else tok += lines[i++]!;
        }
        if (i >= lines.length) throw new ChatScriptError(`unterminated ${close} quote in chat script near "${tok.slice(0, 20)}"`);
        i++;
      } else if (ch === '\\' && i + 1 < lines.length) {
        tok += ch + lines[i + 1]!;
        i += 2;
      } else {
        tok += ch;
        i++;
      }
    }
    if (tok !== '' || quoted) tokens.push(tok);
  }
  return tokens;
}

/** Split an expect token on unescaped '-' into expect, send, expect, ... */
function splitSubPairs(token: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i]!;
    if (ch === '\\' && i + 1 < token.length) {
      cur += ch + token[i + 1]!; // kept escaped; expandExpect reads \- as '-'
      i++;
    } else if (ch === '-') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Read a script from tokens.
 * @throws ChatScriptError for a keyword without its argument, a bad TIMEOUT, ECHO/HANGUP not ON/OFF, a
 * malformed sub-pair (an even number of parts) or a bad escape.
 */
export function parseChatTokens(tokens: readonly string[], dialect: ChatDialect = 'pppd'): ChatScript {
  const steps: ChatStep[] = [];
  let expectNext = true;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (expectNext && KEYWORDS.has(tok)) {
      const arg = tokens[++i];
      if (arg === undefined) throw new ChatScriptError(`${tok} needs an argument`);
      switch (tok) {
        case 'TIMEOUT': {
          const seconds = Number(arg);
          if (!Number.isFinite(seconds) || seconds <= 0) throw new ChatScriptError(`TIMEOUT needs a positive number of seconds, not "${arg}"`);
          steps.push({ kind: 'timeout', seconds });
          break;
        }
        case 'ECHO':
        case 'HANGUP': {
          const v = arg.toUpperCase();
          if (v !== 'ON' && v !== 'OFF') throw new ChatScriptError(`${tok} takes ON or OFF, not "${arg}"`);
          steps.push({ kind: tok === 'ECHO' ? 'echo' : 'hangup', on: v === 'ON' });
          break;
        }
        default: {
          const kind = tok.toLowerCase().replace('_', '-') as 'abort' | 'clr-abort' | 'report' | 'clr-report' | 'say';
          if (kind === 'say') expandText(arg, { phone: '', phone2: '' });
          else if (arg === '') throw new ChatScriptError(`${tok} needs a non-empty string`);
          else expandExpect(arg, { phone: '', phone2: '' });
          steps.push({ kind, text: arg });
        }
      }
      continue;
    }
    if (expectNext) {
      const parts = splitSubPairs(tok);
      if (parts.length % 2 === 0) throw new ChatScriptError(`"${tok}": sub-pairs are expect-send-expect (an odd number of parts)`);
      const expect = parts.filter((_, k) => k % 2 === 0);
      const fallbacks = parts.filter((_, k) => k % 2 === 1);
      for (const e of expect) expandExpect(e, { phone: '', phone2: '' });
      for (const s of fallbacks) expandSend(s, { phone: '', phone2: '' }, dialect);
      steps.push({ kind: 'expect', expect, fallbacks });
    } else {
      expandSend(tok, { phone: '', phone2: '' }, dialect);
      steps.push({ kind: 'send', text: tok });
    }
    expectNext = !expectNext;
  }
  return { dialect, steps };
}

/** Read a pppd chat file (or a chat command line's arguments as one string). @throws ChatScriptError */
export function parseChatScript(text: string, dialect: ChatDialect = 'pppd'): ChatScript {
  return parseChatTokens(tokenizeChat(text), dialect);
}

/**
 * Read a Cisco `chat-script NAME expect send ...` line (as in `show running-config`).
 * @throws ChatScriptError when the line is not a chat-script line or the script is bad.
 */
export function parseCiscoChatScript(line: string): { name: string; script: ChatScript } {
  const tokens = tokenizeChat(line.trim(), false);
  if (tokens[0] !== 'chat-script' || tokens.length < 2) {
    throw new ChatScriptError(`not a Cisco chat-script line: "${line.trim().slice(0, 60)}"`);
  }
  return { name: tokens[1]!, script: parseChatTokens(tokens.slice(2), 'cisco') };
}

/** Every `chat-script` line of a Cisco configuration (other lines and `!` comments skipped). */
export function importCiscoChatScripts(config: string): Array<{ name: string; script: ChatScript }> {
  return config
    .split(/\r?\n/)
    .filter((l) => /^\s*chat-script\s/.test(l))
    .map(parseCiscoChatScript);
}

/** What \T and \U stand for. */
export interface ChatVariables {
  phone: string;
  phone2: string;
}

/** A send string expanded: bytes, delays (ms) and BREAKs in order, and whether CR follows. */
export type SendPart = { bytes: string } | { delayMs: number } | { break: true };
export interface ExpandedSend {
  parts: SendPart[];
  /** false when the string ends in \c (or is EOT / BREAK). */
  carriageReturn: boolean;
}

function charEscape(c: string): string | null {
  switch (c) {
    case 'b':
      return '\b';
    case 'n':
      return '\n';
    case 'N':
      return '\0';
    case 'r':
      return '\r';
    case 's':
      return ' ';
    case 't':
      return '\t';
    case '\\':
      return '\\';
    case '"':
      return '"';
    case "'":
      return "'";
    case '-':
      return '-';
    case '^':
      return '^';
    default:
      return null;
  }
}

/**
 * Walk a string's escapes. `onSpecial(c)` handles the escapes that are not characters (\c \d \p \K \T
 * \U \q) and returns false for one it does not allow here.
 */
function walk(raw: string, what: string, onChar: (s: string) => void, onSpecial: (c: string) => boolean): void {
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '^' && i + 1 < raw.length) {
      const code = raw.charCodeAt(++i) & 0x1f;
      onChar(String.fromCharCode(raw[i] === '?' ? 0x7f : code));
      continue;
    }
    if (ch !== '\\') {
      onChar(ch);
      continue;
    }
    const c = raw[++i];
    if (c === undefined) throw new ChatScriptError(`${what} "${raw}" ends with a lone backslash`);
    const oct = /^[0-7]{1,3}/.exec(raw.slice(i));
    if (oct) {
      onChar(String.fromCharCode(parseInt(oct[0], 8) & 0xff));
      i += oct[0].length - 1;
      continue;
    }
    const plain = charEscape(c);
    if (plain !== null) onChar(plain);
    else if (!onSpecial(c)) throw new ChatScriptError(`${what} "${raw}": \\${c} is not allowed here`);
  }
}

/** An expect (or ABORT / REPORT) string as the characters to match. @throws ChatScriptError */
export function expandExpect(raw: string, vars: ChatVariables): string {
  let out = '';
  walk(
    raw,
    'expect string',
    (s) => (out += s),
    (c) => {
      if (c === 'T') out += vars.phone;
      else if (c === 'U') out += vars.phone2;
      else if (c !== 'q') return false;
      return true;
    },
  );
  return out;
}

/** SAY text (character escapes, \T, \U). @throws ChatScriptError */
export function expandText(raw: string, vars: ChatVariables): string {
  return expandExpect(raw, vars);
}

/** A send string as parts; BREAK and EOT are the special sends of chat(8) / Cisco. @throws ChatScriptError */
export function expandSend(raw: string, vars: ChatVariables, dialect: ChatDialect): ExpandedSend {
  if (raw === 'BREAK') return { parts: [{ break: true }], carriageReturn: false };
  if (raw === 'EOT') return { parts: [{ bytes: '\x04' }], carriageReturn: false };
  const d = DIALECT_DEFAULTS[dialect];
  const parts: SendPart[] = [];
  let text = '';
  let carriageReturn = true;
  const flush = () => {
    if (text) parts.push({ bytes: text });
    text = '';
  };
  walk(
    raw,
    'send string',
    (s) => (text += s),
    (c) => {
      if (c === 'c') carriageReturn = false;
      else if (c === 'd' || c === 'p') {
        flush();
        parts.push({ delayMs: c === 'd' ? d.delayMs : d.pauseMs });
      } else if (c === 'K') {
        flush();
        parts.push({ break: true });
      } else if (c === 'T') text += vars.phone;
      else if (c === 'U') text += vars.phone2;
      else if (c !== 'q') return false;
      return true;
    },
  );
  flush();
  return { parts, carriageReturn };
}

/** The script back as text (one pppd-style line, every string quoted), e.g. for a profile editor. */
export function formatChatScript(script: ChatScript): string {
  const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  const out: string[] = [];
  for (const step of script.steps) {
    switch (step.kind) {
      case 'timeout':
        out.push('TIMEOUT', String(step.seconds));
        break;
      case 'echo':
      case 'hangup':
        out.push(step.kind.toUpperCase(), step.on ? 'ON' : 'OFF');
        break;
      case 'expect': {
        const parts: string[] = [];
        step.expect.forEach((e, k) => {
          if (k > 0) parts.push(step.fallbacks[k - 1]!);
          parts.push(e);
        });
        out.push(q(parts.join('-')));
        break;
      }
      case 'send':
        out.push(q(step.text));
        break;
      default:
        out.push(step.kind.toUpperCase().replace('-', '_'), q(step.text));
    }
  }
  return out.join(' ');
}
