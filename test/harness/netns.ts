/**
 * A test host whose network path can really be cut: a Linux network namespace joined to this one by a
 * veth pair (iproute2). Servers run inside it (`ip netns exec`); the session under test connects from
 * here to its address. cut() takes the far end of the veth down: frames to the host are dropped and
 * nothing is closed or reset, as when a cable is pulled out of a switch, so to each end its socket looks
 * alive and TCP retransmits. Needs CAP_NET_ADMIN (root here and in CI); netnsHost() says why when it is
 * not available so a test can skip with that reason.
 *
 * The addresses (10.213.N.0/30) exist only on this veth pair, inside this machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** A host in its own network namespace. */
export interface NetnsHost {
  /** The host's address, reachable from here. */
  readonly address: string;
  /** Start `argv` inside the namespace; its process group is stopped by remove(). */
  start(argv: string[]): ChildProcess;
  /** Drop every frame between here and the host (the far end of the veth goes down). */
  cut(): void;
  /** Carry frames again. */
  mend(): void;
  /** Stop what was started and delete the namespace and the veth pair. */
  remove(): void;
}

function ip(args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
}

/**
 * Make the namespace and its veth pair, or return the reason it cannot be made here (no iproute2, no
 * CAP_NET_ADMIN). `slot` (0-63) keeps concurrent hosts apart.
 */
export function netnsHost(slot = 0): NetnsHost | string {
  const id = `${process.pid % 10000}${slot}`;
  const ns = `dialtone-${id}`;
  const near = `dtn${id}a`;
  const far = `dtn${id}b`;
  const net = `10.213.${(process.pid * 7 + slot) % 250}`;
  const made = ip(['netns', 'add', ns]);
  if (!made.ok) return `cannot make a network namespace here (ip netns add: ${made.err || 'failed'})`;
  const children: ChildProcess[] = [];
  const remove = () => {
    for (const c of children) {
      try {
        process.kill(-c.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    ip(['link', 'del', near]);
    ip(['netns', 'del', ns]);
  };
  const steps = [
    ['link', 'add', near, 'type', 'veth', 'peer', 'name', far],
    ['link', 'set', far, 'netns', ns],
    ['addr', 'add', `${net}.1/30`, 'dev', near],
    ['link', 'set', near, 'up'],
    ['-n', ns, 'addr', 'add', `${net}.2/30`, 'dev', far],
    ['-n', ns, 'link', 'set', far, 'up'],
    ['-n', ns, 'link', 'set', 'lo', 'up'],
  ];
  for (const step of steps) {
    const r = ip(step);
    if (!r.ok) {
      remove();
      return `cannot join a network namespace to this one (ip ${step.join(' ')}: ${r.err})`;
    }
  }
  const must = (args: string[]) => {
    const r = ip(args);
    if (!r.ok) throw new Error(`ip ${args.join(' ')}: ${r.err}`);
  };
  return {
    address: `${net}.2`,
    start(argv) {
      const child = spawn('ip', ['netns', 'exec', ns, ...argv], { detached: true, stdio: 'ignore' });
      children.push(child);
      return child;
    },
    cut: () => must(['-n', ns, 'link', 'set', far, 'down']),
    mend: () => must(['-n', ns, 'link', 'set', far, 'up']),
    remove,
  };
}

/** Resolve once host:port accepts a TCP connection (retried every 25 ms, up to `timeoutMs`). */
export async function waitForTcp(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing accepts connections on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
