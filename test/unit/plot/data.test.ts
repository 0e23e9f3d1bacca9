import { describe, expect, it } from 'vitest';
import { dataFormatOf, fieldsOf, parseData } from '../../../src/core/plot/data.js';
import { UserError } from '../../../src/errors.js';

describe('plot data', () => {
  it('reads CSV with quoted cells, CRLF line ends, a BOM and numbers typed', () => {
    const text = '\uFEFFstep,name,loss\r\n0,"a, b",0.5\r\n1,"say ""hi""",1e-3\r\n2,"two\nlines",-.25\r\n\r\n';
    expect(parseData(text, 'csv', 'm.csv')).toEqual([
      { step: 0, name: 'a, b', loss: 0.5 },
      { step: 1, name: 'say "hi"', loss: 0.001 },
      { step: 2, name: 'two\nlines', loss: -0.25 },
    ]);
  });

  it('reads TSV and keeps non-numeric cells as text', () => {
    expect(parseData('epoch\tdate\tacc\n1\t2024-01-02\t0.9\n', 'tsv', 'm.tsv')).toEqual([{ epoch: 1, date: '2024-01-02', acc: 0.9 }]);
  });

  it('turns NaN and inf cells into missing values rather than text', () => {
    expect(parseData('x,y\n1,nan\n2,inf\n', 'csv', 'm.csv')).toEqual([
      { x: 1, y: null },
      { x: 2, y: null },
    ]);
  });

  it('reads a JSON array of records and DVC\'s {"name": [records]} layout', () => {
    expect(parseData('[{"a":1},{"a":2}]', 'json', 'a.json')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseData('{"train":[{"fpr":0,"tpr":0},{"fpr":1,"tpr":1}]}', 'json', 'roc.json')).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 1, tpr: 1 },
    ]);
  });

  it('reads YAML lists and mappings holding a list', () => {
    expect(parseData('- {x: 1, y: 2}\n- {x: 2, y: 3}\n', 'yaml', 'a.yaml')).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ]);
    expect(parseData('points:\n  - {x: 1}\n', 'yaml', 'a.yaml')).toEqual([{ x: 1 }]);
  });

  it('names the file and problem in one line for bad input', () => {
    expect(() => parseData('{"a": 1}', 'json', 'm.json')).toThrow(/m.json holds no list of records/);
    expect(() => parseData('[1, 2]', 'json', 'm.json')).toThrow(/m.json: item 0 is not a record/);
    expect(() => parseData('{oops', 'json', 'm.json')).toThrow(/m.json is not valid JSON/);
    expect(() => parseData('', 'csv', 'm.csv')).toThrow(/m.csv is empty/);
    expect(() => parseData('a,a\n1,2\n', 'csv', 'm.csv')).toThrow(/column "a" appears twice/);
    expect(() => parseData('a\n"open\n', 'csv', 'm.csv')).toThrow(/never closed/);
    expect(() => parseData('a: [b', 'yaml', 'm.yaml')).toThrow(UserError);
  });

  it('maps extensions to formats and rejects the rest', () => {
    expect(dataFormatOf('a/b.CSV')).toBe('csv');
    expect(dataFormatOf('b.yml')).toBe('yaml');
    expect(dataFormatOf('b.tsv')).toBe('tsv');
    expect(() => dataFormatOf('b.parquet')).toThrow(/unknown data format ".parquet"/);
  });

  it('lists fields in first-seen order across rows', () => {
    expect(fieldsOf([{ a: 1 }, { b: 2, a: 3 }, { c: 1 }])).toEqual(['a', 'b', 'c']);
  });
});
