// A JSON reader that keeps what JSON.parse throws away: whether a number was written as an int
// (`1`) or a float (`1.0`), and the line and column of a syntax error. Accepts what Python's
// json.loads accepts (NaN, Infinity, -Infinity; later duplicate keys win), as DVC reads with it.

import type { Value } from './value.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 1000;

export function parseJson(text: string): Value {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = position): never => {
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index < at && index < text.length; index += 1) {
      if (text.charCodeAt(index) === 10) {
        line += 1;
        lineStart = index + 1;
      }
    }
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  };

  const skipSpace = (): void => {
    for (;;) {
      const code = text.charCodeAt(position);
      if (code === 32 || code === 10 || code === 13 || code === 9) position += 1;
      else return;
    }
  };

  const describe = (): string => (position >= text.length ? 'end of file' : `'${text[position]}'`);

  const parseString = (): string => {
    // position is at the opening quote
    position += 1;
    let out = '';
    let chunkStart = position;
    for (;;) {
      if (position >= text.length) fail('unterminated string');
      const code = text.charCodeAt(position);
      if (code === 34) {
        out += text.slice(chunkStart, position);
        position += 1;
        return out;
      }
      if (code < 0x20) fail('control character in string');
      if (code === 92) {
        out += text.slice(chunkStart, position);
        const escape = text[position + 1];
        position += 2;
        switch (escape) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(position, position + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape', position - 2);
            out += String.fromCharCode(parseInt(hex, 16));
            position += 4;
            break;
          }
          default:
            fail('invalid escape in string', position - 2);
        }
        chunkStart = position;
        continue;
      }
      position += 1;
    }
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

  const parseValue = (depth: number): Value => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const char = text[position];
    if (char === '{') {
      position += 1;
      const object: { [key: string]: Value } = {};
      skipSpace();
      if (text[position] === '}') {
        position += 1;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[position] !== '"') fail(`expected a key in double quotes, found ${describe()}`);
        const key = parseString();
        skipSpace();
        if (text[position] !== ':') fail(`expected ':' after key "${key}", found ${describe()}`);
        position += 1;
        const item = parseValue(depth + 1);
        // Plain assignment is much faster; __proto__ would set the prototype, so define it instead.
        if (key === '__proto__') Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
        else object[key] = item;
        skipSpace();
        if (text[position] === ',') {
          position += 1;
          continue;
        }
        if (text[position] === '}') {
          position += 1;
          return object;
        }
        fail(`expected ',' or '}' after a value, found ${describe()}`);
      }
    }
    if (char === '[') {
      position += 1;
      const array: Value[] = [];
      skipSpace();
      if (text[position] === ']') {
        position += 1;
        return array;
      }
      for (;;) {
        array.push(parseValue(depth + 1));
        skipSpace();
        if (text[position] === ',') {
          position += 1;
          continue;
        }
        if (text[position] === ']') {
          position += 1;
          return array;
        }
        fail(`expected ',' or ']' after a value, found ${describe()}`);
      }
    }
    if (char === '"') return parseString();
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(text);
    if (match) {
      position = NUMBER.lastIndex;
      if (match[1] === undefined && match[2] === undefined) return BigInt(match[0]);
      return Number(match[0]);
    }
    return fail(`unexpected ${describe()}`);
  };

  const value = parseValue(0);
  skipSpace();
  if (position < text.length) fail(`unexpected ${describe()} after the end of the document`);
  return value;
}

const WORDS: ReadonlyArray<readonly [string, Value]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];
