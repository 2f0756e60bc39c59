// Types for @serialport/binding-mock 10.2.2: its package.json "exports" hides its own index.d.ts from
// TypeScript's Bundler resolution, so the parts the tests use are declared here.
declare module '@serialport/binding-mock' {
  import type { ControlFlags, ModemInputs, SerialOpenOptions, SerialPortInfo } from '../../src-main/transports/serial.js';

  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }

  export class MockPortBinding {
    readonly isOpen: boolean;
    readonly port: { openOpt?: SerialOpenOptions; info: SerialPortInfo };
    recording: Buffer;
    emitData(data: Buffer | string): void;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    update(options: { baudRate: number }): Promise<void>;
    set(options: Partial<ControlFlags>): Promise<void>;
    get(): Promise<ModemInputs>;
    flush(): Promise<void>;
    drain(): Promise<void>;
    close(): Promise<void>;
  }

  export const MockBinding: {
    reset(): void;
    createPort(path: string, options?: CreatePortOptions): void;
    list(): Promise<SerialPortInfo[]>;
    open(options: SerialOpenOptions): Promise<MockPortBinding>;
  };
}
