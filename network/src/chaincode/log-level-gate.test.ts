import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { gateWinstonLogger, runtimeLoggerModules } from './log-level-gate';

const CHAINCODE_DIR = path.resolve(__dirname, '..', '..', '..', 'chaincode');

interface Winston {
  createLogger(options: unknown): { debug(message: string): void; info(message: string): void; warn(message: string): void; error(message: string): void };
  format: ((transform: (info: Record<string, unknown>) => Record<string, unknown>) => () => unknown) & { printf(template: (info: Record<string, unknown>) => string): unknown; combine(...formats: unknown[]): unknown };
  transports: { Stream: new (options: { stream: Writable }) => unknown };
}

describe('log level gate (chaincode preload)', () => {
  it('finds the winston logger the chaincode runtime uses, and keeps what the chaincode writes unchanged while formatting only what is written', () => {
    const [loggerModule] = runtimeLoggerModules(CHAINCODE_DIR);
    expect(loggerModule, 'fabric-shim resolves winston from the chaincode').to.be.a('string');
    const winston = createRequire(__filename)(path.resolve(path.dirname(loggerModule as string), '..', 'winston.js')) as Winston;

    let formatted = 0;
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString().trim());
        done();
      },
    });
    const counting = winston.format((info) => {
      formatted += 1;
      return info;
    });
    const logger = winston.createLogger({
      level: 'warn',
      format: winston.format.combine(counting(), winston.format.printf((info) => `${String(info.level)} ${String(info.message)}`)),
      transports: [new winston.transports.Stream({ stream })],
    });
    const logSome = (): void => {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    };

    logSome();
    const ungated = { lines: [...lines], formatted };
    expect(ungated.lines).to.deep.equal(['warn w', 'error e']);
    expect(ungated.formatted, 'winston formats discarded lines too').to.equal(4);

    expect(gateWinstonLogger(loggerModule as string)).to.equal(true);
    expect(gateWinstonLogger(loggerModule as string), 'idempotent').to.equal(false);
    lines.length = 0;
    formatted = 0;
    logSome();
    expect(lines).to.deep.equal(ungated.lines);
    expect(formatted).to.equal(2);
  });
});
