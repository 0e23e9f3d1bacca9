// The console logger: its levels, its default level and destination, and groups.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_LEVELS, createConsoleLogger, enabled, isLogLevel } from '../../src/logger.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('console logger', () => {
  it('knows exactly the four levels', () => {
    expect(LOG_LEVELS.filter(isLogLevel)).toEqual(['debug', 'info', 'warn', 'error']);
    expect(['verbose', '', 'INFO'].filter(isLogLevel)).toEqual([]);
    expect(LOG_LEVELS.map((level) => enabled('warn', level))).toEqual([false, false, true, true]);
  });

  it('writes info and above to standard error by default, masked', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => written.push(chunk)) as never);
    const logger = createConsoleLogger();
    logger.mask('s3cr3t-value');
    logger.debug('hidden');
    logger.info('token s3cr3t-value');
    logger.error('bad');
    expect(logger.level).toBe('info');
    expect(written).toEqual(['token ***\n', 'error: bad\n']);
  });

  it('a group prints its title and returns what its body returns', async () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({ write: (line) => lines.push(line) });
    await expect(logger.group('Upload', async () => 42)).resolves.toBe(42);
    expect(lines).toEqual(['== Upload']);
    const quiet = createConsoleLogger({ level: 'warn', write: (line) => lines.push(line) });
    await quiet.group('Hidden', async () => undefined);
    expect(lines).toEqual(['== Upload']);
  });
});
