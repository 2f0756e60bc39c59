/**
 * The Dialtone protocol engine: telnet (RFC 854/855) with RFC 1143 Q-method option negotiation and
 * RFC 2217 COM-PORT-OPTION, as a pure, sans-I/O library (in the style of h11 and libtelnet).
 *
 * Usage (client):
 *   const engine = new TelnetClientEngine({ comPort: true });
 *   engine.start(now); socket.write(engine.takeOutput());
 *   socket.on('data', (b) => { for (const ev of engine.receive(b, now())) handle(ev); flush(); });
 *   every command (applySettings, setControlLines, ...) queues bytes and returns the events it causes
 *   at once (e.g. 'settings' with state 'requested'); after each call drain takeOutput() to the socket
 *   and re-arm one timer at nextDeadlineMs() that calls tick(now).
 *   Data may flow once the 'negotiated' event says BINARY (and COM-PORT) are answered; keep a timeout
 *   for a server that never answers.
 *
 * No sockets, no timers, no clocks: time comes in as `nowMs` (milliseconds).
 */
export type {
  ClientEngineOptions,
  ComPortCommandName,
  EngineEvent,
  ServerEngineEvent,
  ServerEngineOptions,
  SettingKey,
  SettingsView,
  TelnetEvent,
  WarningCode,
} from './types.js';
export { TelnetClientEngine } from './client.js';
export { TelnetServerEngine } from './server.js';
export { DEFAULT_ACK_TIMEOUT_MS } from './client.js';
export { DEFAULT_MAX_SB } from './telnet.js';
export { CISCO_BAUD_INDEX, readBaud, type BaudReading } from './comport.js';
export * as telnetCodes from './constants.js';
export { ConnectionPair, type PumpResult } from './connection-pair.js';
export { hex, unhex, renderEvent, mergeData } from './transcript.js';
