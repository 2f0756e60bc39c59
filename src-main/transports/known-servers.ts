/**
 * Trust on first use for TLS access servers (issue 15): the SHA-256 fingerprint of each server's
 * certificate the operator accepted, by host:port, in `known-servers.json` in the config folder:
 * `{ dialtone: "known-servers", version: 1, servers: [{ host, port, fingerprint256, subject, addedAt }] }`.
 * Written atomically; bounded; a damaged file is refused with its reason (never silently emptied: that
 * would turn every changed certificate into a "new" one).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../profiles/store.js';

/** Most servers kept. */
export const MAX_KNOWN_SERVERS = 10_000;

const serverSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
  subject: z.string().max(1000),
  /** ISO 8601 time it was trusted. */
  addedAt: z.string().max(40),
});
export type KnownServer = z.infer<typeof serverSchema>;

const fileSchema = z.object({ dialtone: z.literal('known-servers'), version: z.literal(1), servers: z.array(serverSchema).max(MAX_KNOWN_SERVERS) });

const key = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

export class KnownServers {
  private constructor(
    readonly file: string,
    private servers: Map<string, KnownServer>,
  ) {}

  /**
   * Load the known servers of `configDir` (none when the file does not exist yet).
   * @throws Error naming the file when it exists but cannot be read or is not a known-servers file.
   */
  static async open(configDir: string): Promise<KnownServers> {
    const file = join(configDir, 'known-servers.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return new KnownServers(file, new Map());
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    let parsed;
    try {
      parsed = fileSchema.safeParse(JSON.parse(text));
    } catch (err) {
      throw new Error(`${file} is not JSON: ${(err as Error).message}`);
    }
    if (!parsed.success) throw new Error(`${file} is not a known-servers file: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return new KnownServers(file, new Map(parsed.data.servers.map((s) => [key(s.host, s.port), s])));
  }

  /** The server recorded for host:port, or undefined. */
  lookup(host: string, port: number): KnownServer | undefined {
    return this.servers.get(key(host, port));
  }

  /** Record (or replace) host:port's fingerprint as trusted, and write the file. */
  async trust(host: string, port: number, fingerprint256: string, subject: string, now = new Date()): Promise<KnownServer> {
    if (!this.servers.has(key(host, port)) && this.servers.size >= MAX_KNOWN_SERVERS) throw new Error(`${this.file} holds ${MAX_KNOWN_SERVERS} servers already`);
    const server = serverSchema.parse({ host, port, fingerprint256, subject: subject.slice(0, 1000), addedAt: now.toISOString() });
    const next = new Map(this.servers);
    next.set(key(host, port), server);
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify({ dialtone: 'known-servers', version: 1, servers: [...next.values()] }, null, 2) + '\n');
    this.servers = next;
    return server;
  }
}
