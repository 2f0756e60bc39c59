/**
 * One session's terminal: owns its xterm (fit, search, web links, Unicode 11 widths, WebGL on a
 * hardware-accelerated GPU, DOM renderer otherwise: see webgl.ts) in a ref, never in a store.
 *
 * Received bytes: pane-stream.ts (data hub -> newline translation -> decoding -> xterm -> acks).
 * Input: xterm's onData -> send newline -> send.ts (encoding, local echo, to the session). A paste with
 * a character or line delay set is taken over here and paced.
 */
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import '@xterm/xterm/css/xterm.css';
import { useViewField } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { ReceiveNewlineTranslator, translateSend } from './newline.js';
import { normaliseNewlines } from '../../src-shared/bytes/paced-text.js';
import { PasteRunner, planPaste } from './paste.js';
import { streamToPane } from './pane-stream.js';
import { terminalRegistry } from './registry.js';
import { sendText, write } from './send.js';
import { hardwareWebgl } from './webgl.js';
import { themeFromCss } from './xterm-theme.js';
import { XTERM_OPTIONS } from './xterm-options.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../store/reducers.js';
import { onFindRequest } from './find-request.js';
import { openLink } from './links.js';
import { useTabStamps, useTabViewMode, useViewMode } from '../store/view-mode.js';
import { HexView } from './hex-view.js';
import { StampGutter } from './timestamps-gutter.js';

export interface TerminalPaneProps {
  tabId: string;
  active: boolean;
}

export function TerminalPane({ tabId, active }: TerminalPaneProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const translatorRef = useRef(new ReceiveNewlineTranslator('auto'));
  const pasteRef = useRef<PasteRunner | null>(null);
  const pasteLabelRef = useRef<HTMLSpanElement>(null);
  const [pasting, setPasting] = useState(false);
  const [findOpen, setFindOpen] = useState(false);
  const [findText, setFindText] = useState('');
  const findInputRef = useRef<HTMLInputElement>(null);

  const sessionId = useViewField(tabId, 'sessionId') ?? null;
  const options = useViewField(tabId, 'terminal') ?? DEFAULT_TERMINAL_OPTIONS;
  const theme = useUi((s) => s.theme);
  // issue 12: Terminal or Hex view, and the timestamps gutter (Terminal view only)
  const mode = useTabViewMode(tabId);
  const stamps = useTabStamps(tabId) && mode === 'terminal';
  const stampStyle = useViewMode((s) => s.stampStyle);
  // The latest options for callbacks registered once (onData, paste).
  const optionsRef = useRef(options);
  optionsRef.current = options;

  // Create the terminal once per pane.
  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({ ...XTERM_OPTIONS, fontSize: optionsRef.current.fontSize, theme: themeFromCss() });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon((_e, uri) => openLink(uri)));
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.open(host);
    if (hardwareWebgl()) {
      try {
        const webgl = new WebglAddon();
        webgl.onContextLoss(() => webgl.dispose()); // back to the DOM renderer
        term.loadAddon(webgl);
      } catch {
        // the context could not be made after all: xterm keeps its DOM renderer
      }
    }
    termRef.current = term;
    fitRef.current = fit;
    searchRef.current = search;
    terminalRegistry.set(tabId, term);

    const send = (text: string) => sendText(term, tabId, text, optionsRef.current);
    const onData = term.onData((data) => send(translateSend(data, optionsRef.current.sendNewline)));
    const onBinary = term.onBinary((data) => {
      const bytes = Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff);
      void write(tabId, bytes);
    });

    // Paced paste: take the paste before xterm sees it (capture phase on the host).
    const onPaste = (e: ClipboardEvent) => {
      const o = optionsRef.current;
      if (o.pasteCharDelayMs === 0 && o.pasteLineDelayMs === 0) return; // xterm's own paste is right
      e.preventDefault();
      e.stopPropagation();
      const text = e.clipboardData?.getData('text/plain') ?? '';
      pasteRef.current?.cancel();
      const steps = planPaste(normaliseNewlines(text, o.sendNewline), {
        charDelayMs: o.pasteCharDelayMs,
        lineDelayMs: o.pasteLineDelayMs,
      });
      const runner = new PasteRunner(
        steps,
        send,
        { setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
        (sent, total) => {
          if (pasteLabelRef.current) pasteLabelRef.current.textContent = `pasting ${sent}/${total} chars`;
        },
      );
      pasteRef.current = runner;
      setPasting(true);
      void runner.done.then(() => {
        if (pasteRef.current === runner) {
          pasteRef.current = null;
          setPasting(false);
        }
      });
      runner.start();
    };
    host.addEventListener('paste', onPaste, true);

    const ro = new ResizeObserver(() => {
      if (host.offsetParent !== null) fit.fit();
    });
    ro.observe(host);

    return () => {
      ro.disconnect();
      host.removeEventListener('paste', onPaste, true);
      pasteRef.current?.cancel();
      onData.dispose();
      onBinary.dispose();
      terminalRegistry.delete(tabId, term);
      term.dispose();
      termRef.current = null;
    };
  }, [tabId]);

  // Bytes of the current session (a Connect in this tab changes the session id; the screen stays).
  useEffect(() => {
    const term = termRef.current;
    if (!term || sessionId === null) return;
    return streamToPane(term, sessionId, () => optionsRef.current, translatorRef.current);
  }, [sessionId]);

  // Font size and theme.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = options.fontSize;
    if (active) fitRef.current?.fit();
  }, [options.fontSize, active]);

  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    const apply = () => {
      term.options.theme = themeFromCss();
    };
    apply();
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [theme]);

  // Fit and focus when the tab becomes visible.
  useEffect(() => {
    if (!active) return;
    const id = requestAnimationFrame(() => {
      fitRef.current?.fit();
      termRef.current?.focus();
    });
    return () => cancelAnimationFrame(id);
  }, [active]);

  // Find (Ctrl+Shift+F) for the active pane.
  useEffect(() => {
    if (!active) return;
    return onFindRequest(() => {
      setFindOpen(true);
      requestAnimationFrame(() => findInputRef.current?.select());
    });
  }, [active]);

  const find = (backwards: boolean) => {
    const s = searchRef.current;
    if (!s || !findText) return;
    if (backwards) s.findPrevious(findText);
    else s.findNext(findText);
  };
  const closeFind = () => {
    setFindOpen(false);
    searchRef.current?.clearDecorations();
    termRef.current?.clearSelection();
    termRef.current?.focus();
  };

  return (
    <div className={`${active ? 'term-pane' : 'term-pane hidden'}${mode === 'hex' ? ' hex-mode' : ''}${stamps ? ' with-stamps' : ''}`} data-tab={tabId}>
      {stamps && <StampGutter tabId={tabId} style={stampStyle} fontSize={options.fontSize} />}
      <div className="term-host" ref={hostRef} data-testid={active ? 'terminal' : undefined} />
      {mode === 'hex' && <HexView tabId={tabId} active={active} />}
      {findOpen && (
        <div className="term-find" role="search">
          <input
            ref={findInputRef}
            className="mono"
            data-testid="find-input"
            placeholder="Find"
            value={findText}
            autoFocus
            onChange={(e) => setFindText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') find(e.shiftKey);
              else if (e.key === 'Escape') closeFind();
            }}
          />
          <button type="button" className="btn small" title="Previous (Shift+Enter)" onClick={() => find(true)}>
            ↑
          </button>
          <button type="button" className="btn small" title="Next (Enter)" onClick={() => find(false)}>
            ↓
          </button>
          <button type="button" className="btn small" title="Close (Esc)" onClick={closeFind}>
            ×
          </button>
        </div>
      )}
      {pasting && (
        <div className="term-paste" data-testid="paste-progress">
          <span ref={pasteLabelRef} className="mono">
            pasting…
          </span>
          <button type="button" className="btn small" onClick={() => pasteRef.current?.cancel()}>
            Stop
          </button>
        </div>
      )}
    </div>
  );
}

