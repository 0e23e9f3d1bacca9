import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/parse.js';
import { renderCommandHelp } from '../../src/cli/help.js';
import { commentSpec } from '../../src/commands/comment/spec.js';
import { SecretMasker, createConsoleLogger } from '../../src/logger.js';

const spec = commentSpec('create');

describe('parseCommand', () => {
  it('applies defaults, env vars and flags in that order of precedence', () => {
    const fromDefault = parseCommand(spec, ['r.md'], {});
    expect(fromDefault.values.target).toBe('auto');
    expect(fromDefault.values.publish).toBe(true);
    const fromEnv = parseCommand(spec, ['r.md'], { CML_COMMENT_TARGET: 'pr/3', CML_COMMENT_WATERMARK_TITLE: 'eval', CML_COMMENT_DRY_RUN: 'true' });
    expect(fromEnv.values).toMatchObject({ target: 'pr/3', 'watermark-title': 'eval', 'dry-run': true });
    const fromFlag = parseCommand(spec, ['r.md', '--target', 'issue/4'], { CML_COMMENT_TARGET: 'pr/3' });
    expect(fromFlag.values.target).toBe('issue/4');
    expect(fromFlag.positionals).toEqual(['r.md']);
  });

  it('accepts CML legacy spellings and negations', () => {
    const parsed = parseCommand(spec, ['r.md', '--head-sha', 'abc1234', '--no-publish', '--pr'], {});
    expect(parsed.values['commit-sha']).toBe('abc1234');
    expect(parsed.values.publish).toBe(false);
    expect(parsed.values.pr).toBe(true);
  });

  it('rejects unknown flags with the command and where to look', () => {
    expect(() => parseCommand(spec, ['r.md', '--targte', 'pr'], {})).toThrow(/unknown option --targte for `cml comment create`/);
  });

  it('rejects non-boolean env values for boolean options', () => {
    expect(() => parseCommand(spec, ['r.md'], { CML_COMMENT_UPDATE: 'sometimes' })).toThrow(/CML_COMMENT_UPDATE must be true or false/);
  });
});

describe('help', () => {
  it('lists every visible option and hides legacy ones', () => {
    const help = renderCommandHelp(spec);
    expect(help).toContain('Usage: cml comment create <markdown-file> [options]');
    expect(help).toContain('--watermark-title <title>');
    expect(help).toContain('--no-publish');
    expect(help).not.toContain('--native');
    expect(help).toContain('CML_COMMENT_OPTION_NAME');
  });
});

describe('secret masking', () => {
  it('masks tokens and their encodings in every line', () => {
    const lines: string[] = [];
    const masker = new SecretMasker();
    const logger = createConsoleLogger({ level: 'debug', write: (line) => lines.push(line), masker });
    logger.mask('ghp_secretValue123');
    logger.debug('authorization: token ghp_secretValue123');
    logger.error(`basic ${Buffer.from('x-access-token:ghp_secretValue123').toString('base64')}`);
    expect(lines.join('\n')).not.toContain('ghp_secretValue123');
    expect(lines.join('\n')).not.toContain(Buffer.from('x-access-token:ghp_secretValue123').toString('base64'));
    expect(lines).toEqual(['debug: authorization: token ***', 'error: basic ***']);
  });
});

describe('parse errors', () => {
  it('explain a value that looks like an option in one line', () => {
    let message = '';
    try {
      parseCommand(spec, ['r.md', '--target', '-3'], {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^--target needs a value, and the next argument looks like an option \(write --target=<value>/);
    expect(message).not.toContain('\n');
  });
});

describe('describeError', () => {
  it('keeps messages to one line and describes file-system failures by path', async () => {
    const { describeError, isUserFacing, UserError } = await import('../../src/errors.js');
    expect(describeError(new UserError('bad.yaml: invalid at line 2, column 1:\n\n  a: [\n  ^'))).toBe('bad.yaml: invalid at line 2, column 1');
    const eisdir = Object.assign(new Error("EISDIR: illegal operation on a directory, open 'out'"), { code: 'EISDIR', path: '/tmp/out', syscall: 'open' });
    expect(describeError(eisdir)).toBe('cannot write or create /tmp/out: it is a directory');
    expect(isUserFacing(eisdir)).toBe(true);
    expect(isUserFacing(new TypeError('x is undefined'))).toBe(false);
  });
});
