/** The few log calls the chaincode support makes; a pino logger fits as is. */
export interface ChaincodeLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: ChaincodeLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
