/** `node --require` entry of the log level gate (see log-level-gate.ts), run in the chaincode's directory. */
import { gateWinstonLogger, runtimeLoggerModules } from './log-level-gate';

for (const loggerModule of runtimeLoggerModules(process.cwd())) gateWinstonLogger(loggerModule);
