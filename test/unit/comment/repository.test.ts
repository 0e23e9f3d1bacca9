// --repo (and GITHUB_REPOSITORY) name a repository the way GitHub allows, and nothing else: no
// path segments that reach other API paths, no query strings or fragments in a URL.

import { describe, expect, it } from 'vitest';
import { parseRepository } from '../../../src/forges/github/context.js';

describe('parseRepository', () => {
  it.each([
    ['octo/models', { owner: 'octo', repo: 'models' }],
    ['Octo-Org/my.model_v2', { owner: 'Octo-Org', repo: 'my.model_v2' }],
    ['https://github.com/octo/models', { owner: 'octo', repo: 'models' }],
    ['https://github.com/octo/models.git', { owner: 'octo', repo: 'models' }],
    ['https://ghe.example.com/octo/models/', { owner: 'octo', repo: 'models' }],
  ])('accepts %s', (text, expected) => {
    expect(parseRepository(text, '--repo')).toEqual(expected);
  });

  it.each([
    'acme/..',
    '../..',
    'acme/.',
    './models',
    'ac.me/models',
    '-acme/models',
    'acme/models/issues',
    'acme%2F../models',
    'https://github.com/octo/models?x=1',
    'https://github.com/octo/models#readme',
    'https://github.com/octo/..',
    'https://user:pass@github.com/octo/models',
    'ftp://github.com/octo/models',
  ])('refuses %s in one line', (text) => {
    expect(() => parseRepository(text, '--repo')).toThrow(/--repo must be owner\/repo/);
  });
});
