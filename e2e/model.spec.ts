// Model-based UI tests (issue 10): fast-check draws random sequences of what an operator does in the
// window (fc.commands), Playwright does them in Chromium through `dialtone serve`, and after every step
// the DOM must agree with the far end and with a small model of what was asked. Real peers: pyserial's
// PortManager on loop:// (echo, DTR -> DSR, RTS -> CTS; killed and restarted on the same port) and the
// built-in demo modem (RFC 2217 + a Hayes modem: AT answers OK).
//
// `npm test` runs 10 sequences; `npm run test:model` runs 100 (DIALTONE_UI_MODEL_RUNS). Each run prints
// its seed; DIALTONE_UI_MODEL_SEED replays one.
import fc from 'fast-check';
import type { Page } from '@playwright/test';
import { expect, openApp, terminalText, test } from './fixtures.js';
import { freePort, startPortManager, type Peer } from '../test/harness/peers.js';

test.use({ demo: true });

const RUNS = Number(process.env.DIALTONE_UI_MODEL_RUNS ?? 10);
/** The seed of this run: given, or drawn in the test (the title must be the same in every process). */
const seed = () => (process.env.DIALTONE_UI_MODEL_SEED ? Number(process.env.DIALTONE_UI_MODEL_SEED) : Date.now() % 2 ** 31);
const BAUDS = [9600, 19200, 57600, 115200] as const;
const ENCODINGS = ['utf-8', 'latin1', 'cp437'] as const;

/** What the operator asked of the PortManager tab, and what should hold now. */
interface Model {
  /** 'connected' or 'disconnected' (the operator's Disconnect). */
  pm: 'connected' | 'disconnected';
  dtr: boolean | null;
  rts: boolean | null;
  baud: number | null;
  /** Demo-modem tabs open besides the PortManager tab (0..2). */
  demoTabs: number;
  /** The active tab: 0 is PortManager, 1.. the demo tabs in order. */
  active: number;
}

/** The window and the peers the commands act on. */
interface Real {
  page: Page;
  pm: { peer: Peer & { port: number }; port: number };
  token: number;
}

const tabs = (page: Page) => page.getByTestId('tab');

/** Unique text to type, so an echo proves the pane draws what came after every step before it. */
function nextToken(r: Real): string {
  r.token += 1;
  return `tok${r.token}x`;
}

async function activate(page: Page, i: number): Promise<void> {
  await tabs(page).nth(i).getByTestId('tab-name').click();
  await expect(tabs(page).nth(i)).toHaveAttribute('aria-selected', 'true');
}

/** The PortManager tab agrees with the model and the far end (after any step). */
async function checkPortManagerTab(m: Model, r: Real): Promise<void> {
  const { page } = r;
  await activate(page, 0);
  m.active = 0;
  const status = page.getByTestId('session-status').first();
  const dtr = page.getByTestId('dtr-toggle');
  const rts = page.getByTestId('rts-toggle');
  if (m.pm === 'disconnected') {
    await expect(status).toHaveAttribute('data-state', 'disconnected');
    // DTR/RTS can be asked for while disconnected (applied on Connect); no lamp is lit, outputs included
    await expect(dtr).toBeEnabled();
    for (const lamp of ['cts', 'dsr', 'ri', 'dcd', 'dtr', 'rts']) await expect(page.getByTestId(`lamp-${lamp}`)).toHaveAttribute('data-state', 'unknown');
    return;
  }
  await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(dtr).toBeEnabled();
  // loop:// reflects DTR on DSR and RTS on CTS; PortManager starts with both off
  await expect(page.getByTestId('lamp-dsr')).toHaveAttribute('data-state', m.dtr ? 'on' : 'off');
  await expect(page.getByTestId('lamp-cts')).toHaveAttribute('data-state', m.rts ? 'on' : 'off');
  if (m.dtr !== null) await expect(dtr).toHaveAttribute('aria-pressed', String(m.dtr));
  if (m.rts !== null) await expect(rts).toHaveAttribute('aria-pressed', String(m.rts));
  if (m.baud !== null) {
    await page.getByTestId('panel-line').click(); // the side panel may show another panel
    await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', String(m.baud));
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class ToggleLine implements Cmd {
  constructor(readonly line: 'dtr' | 'rts') {}
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId(`${this.line}-toggle`).click();
    m[this.line] = !m[this.line];
    await checkPortManagerTab(m, r);
  }
  toString = () => `toggle ${this.line.toUpperCase()}`;
}

class SetBaud implements Cmd {
  constructor(readonly baud: number) {}
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId('panel-line').click();
    await r.page.getByTestId('baud-input').selectOption(String(this.baud));
    m.baud = this.baud;
    await checkPortManagerTab(m, r);
  }
  toString = () => `baud ${this.baud}`;
}

class Disconnect implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId('disconnect-button').click();
    m.pm = 'disconnected';
    await checkPortManagerTab(m, r);
  }
  toString = () => 'Disconnect';
}

class Connect implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'disconnected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId('btn-connect').click();
    m.pm = 'connected'; // what was asked is applied again
    await checkPortManagerTab(m, r);
  }
  toString = () => 'Connect';
}

class Reconnect implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId('btn-reconnect').click();
    await checkPortManagerTab(m, r);
  }
  toString = () => 'Reconnect';
}

class SendBreak implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.page.getByTestId('break-button').click();
    await expect(r.page.getByTestId('notice-error')).toHaveCount(0);
    await checkPortManagerTab(m, r);
  }
  toString = () => 'BREAK';
}

class SetEncoding implements Cmd {
  constructor(readonly encoding: (typeof ENCODINGS)[number]) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, m.active);
    await r.page.getByTestId('panel-line').click();
    await r.page.getByTestId('opt-encoding').selectOption(this.encoding);
    await checkPortManagerTab(m, r);
  }
  toString = () => `encoding ${this.encoding}`;
}

/** Type a unique token: the PortManager tab's pane shows its echo (the pane still draws new text). */
class TypeEcho implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    const token = nextToken(r);
    await r.page.getByTestId('terminal').click();
    await r.page.keyboard.type(token);
    await expect.poll(() => terminalText(r.page), { message: `echo of ${token}` }).toContain(token);
    await checkPortManagerTab(m, r);
  }
  toString = () => 'type and see the echo';
}

/** The access server dies and comes back on the same port: the session reconnects and re-applies DTR/RTS/baud. */
class KillServer implements Cmd {
  check = (m: Readonly<Model>) => m.pm === 'connected';
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, 0);
    await r.pm.peer.stop();
    await expect(r.page.getByTestId('session-status').first()).toHaveAttribute('data-state', /reconnecting|connecting/);
    for (const lamp of ['cts', 'dsr']) await expect(r.page.getByTestId(`lamp-${lamp}`)).toHaveAttribute('data-state', 'unknown');
    r.pm.peer = await startPortManager('loop://', 0.05, r.pm.port);
    await checkPortManagerTab(m, r);
  }
  toString = () => 'server killed and restarted';
}

class OpenDemoTab implements Cmd {
  check = (m: Readonly<Model>) => m.demoTabs < 2;
  async run(m: Model, r: Real): Promise<void> {
    await r.page.getByTestId('panel-profiles').click();
    await r.page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-connect').click();
    m.demoTabs += 1;
    await expect(tabs(r.page)).toHaveCount(1 + m.demoTabs);
    await expect(tabs(r.page).nth(m.demoTabs)).toHaveAttribute('data-state', 'connected');
    // the demo modem answers in the new pane
    await r.page.getByTestId('terminal').click();
    await r.page.keyboard.type('AT\r');
    await expect.poll(() => terminalText(r.page)).toMatch(/AT\r?\n?[\s\S]*OK/);
    m.active = m.demoTabs;
    await checkPortManagerTab(m, r);
  }
  toString = () => 'open a demo modem tab';
}

class CloseDemoTab implements Cmd {
  check = (m: Readonly<Model>) => m.demoTabs > 0;
  async run(m: Model, r: Real): Promise<void> {
    await activate(r.page, m.demoTabs);
    await tabs(r.page).nth(m.demoTabs).getByTestId('tab-close').click();
    await r.page.getByTestId('confirm-accept').click();
    m.demoTabs -= 1;
    await expect(tabs(r.page)).toHaveCount(1 + m.demoTabs);
    await checkPortManagerTab(m, r);
  }
  toString = () => 'close the last demo tab (confirmed)';
}

class RenameTab implements Cmd {
  constructor(readonly name: string) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const tab = tabs(r.page).nth(0);
    await tab.getByTestId('tab-name').dblclick();
    const input = r.page.getByTestId('tab-rename-input');
    await input.fill(this.name);
    await input.press('Enter');
    await expect(tab.getByTestId('tab-name')).toHaveText(this.name);
    await checkPortManagerTab(m, r);
  }
  toString = () => `rename the PortManager tab "${this.name}"`;
}

const commands = [
  fc.constantFrom('dtr' as const, 'rts' as const).map((l) => new ToggleLine(l)),
  fc.constantFrom(...BAUDS).map((b) => new SetBaud(b)),
  fc.constant(new Disconnect()),
  fc.constant(new Connect()),
  fc.constant(new Reconnect()),
  fc.constant(new SendBreak()),
  fc.constantFrom(...ENCODINGS).map((e) => new SetEncoding(e)),
  fc.constant(new TypeEcho()),
  fc.constant(new KillServer()),
  fc.constant(new OpenDemoTab()),
  fc.constant(new CloseDemoTab()),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,11}[A-Za-z0-9]$/).map((n) => new RenameTab(n)),
];

/** Close every tab (confirming), so each sequence starts from an empty window. */
async function closeAllTabs(page: Page): Promise<void> {
  for (let n = await tabs(page).count(); n > 0; n = await tabs(page).count()) {
    await tabs(page).nth(0).getByTestId('tab-close').click();
    const accept = page.getByTestId('confirm-accept');
    if (await accept.isVisible()) await accept.click();
    await expect(tabs(page)).toHaveCount(n - 1);
  }
}

test(`operator sequences in the window (${RUNS} runs, seed printed)`, async ({ page, dialtone }, testInfo) => {
  test.setTimeout(RUNS * 90_000);
  const SEED = seed();
  testInfo.annotations.push({ type: 'seed', description: String(SEED) });
  const port = await freePort();
  const pm = { peer: await startPortManager('loop://', 0.05, port), port };
  process.stdout.write(`ui model: ${RUNS} sequences, seed ${SEED} (DIALTONE_UI_MODEL_SEED=${SEED} replays them)\n`);
  try {
    await openApp(page, dialtone);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 15, size: 'large' }), async (cmds) => {
        run += 1;
        await closeAllTabs(page);
        await page.getByTestId('target-input').fill(`rfc2217://127.0.0.1:${port}`);
        await page.getByTestId('connect-button').click();
        await expect(tabs(page)).toHaveCount(1);
        const model: Model = { pm: 'connected', dtr: null, rts: null, baud: null, demoTabs: 0, active: 0 };
        const real: Real = { page, pm, token: run * 1000 };
        await checkPortManagerTab(model, real);
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        process.stdout.write(`  sequence ${run}: ${String(cmds) || '(no step)'}\n`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 1 },
    );
  } finally {
    await pm.peer.stop();
  }
});
