import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line. Events carry decisions and correlation ids; personal
 * data and secrets are redacted here as a last line of defence should a caller pass them.
 */
const redactPaths = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'req.headers.cookie',
  'req.headers.authorization',
  'personId',
  '*.personId',
  'lastName',
  '*.lastName',
  'firstName',
  '*.firstName',
  'email',
  '*.email',
  'birthDate',
  '*.birthDate',
  'databaseUrl',
  '*.databaseUrl',
];

export interface LoggerOptions {
  level: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'gar-broker' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
