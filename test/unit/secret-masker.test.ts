// SecretMasker: every occurrence of a secret, and the encodings it travels in (Basic auth, URL
// components), is replaced with *** before a line is printed.

import { describe, expect, it } from 'vitest';
import { SecretMasker, createMemoryLogger } from '../../src/logger.js';

const TOKEN = 'ghs_0123456789abcdefABCDEF';
// An AWS secret access key: base64-like, with the characters URLs must encode.
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function masker(...secrets: string[]): SecretMasker {
  const result = new SecretMasker();
  for (const secret of secrets) result.add(secret);
  return result;
}

describe('SecretMasker', () => {
  it('redacts every occurrence of a secret, not only the first', () => {
    expect(masker(TOKEN).redact(`token ${TOKEN}, again ${TOKEN} and ${TOKEN}${TOKEN}`)).toBe('token ***, again *** and ******');
  });

  it('redacts the URL-encoded form of a secret with / and +', () => {
    const encoded = encodeURIComponent(AWS_SECRET);
    expect(encoded).toBe('wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY');
    expect(masker(AWS_SECRET).redact(`GET /?secret=${encoded}&x=1 then ${encoded}`)).toBe('GET /?secret=***&x=1 then ***');
  });

  it('redacts the base64 and Basic-auth forms of a token', () => {
    const base64 = Buffer.from(TOKEN).toString('base64');
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    expect(masker(TOKEN).redact(`a ${base64} b Authorization: basic ${basic}`)).toBe('a *** b Authorization: basic ***');
  });

  it('redacts a secret found inside a longer one as part of the longer one', () => {
    expect(masker('abcd', 'xxabcdxx').redact('1 xxabcdxx 2 abcd')).toBe('1 *** 2 ***');
  });

  it('masks nothing until a secret is registered', () => {
    // Any text at all, including the placeholder that mutation testing puts into empty lists.
    const text = 'token ghs_0123, *** and "Stryker was here" stay as they are';
    expect(new SecretMasker().redact(text)).toBe(text);
  });

  it('ignores values too short to be secrets, which would redact ordinary words', () => {
    expect(masker('abc', '', undefined as unknown as string).redact('abc cab')).toBe('abc cab');
  });

  it('a logger masks what it writes once told the secret', () => {
    const logger = createMemoryLogger();
    logger.mask(AWS_SECRET);
    logger.info(`key ${AWS_SECRET} and ${AWS_SECRET}`);
    logger.warn(`url ?k=${encodeURIComponent(AWS_SECRET)}`);
    expect(logger.lines).toEqual(['key *** and ***', 'warning: url ?k=***']);
  });
});
