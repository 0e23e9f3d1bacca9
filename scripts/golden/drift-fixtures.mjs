// Writes the small data files the drift tests read (test/fixtures/drift): the same reference
// table as CSV, TSV, JSON lines and Parquet (to check every reader yields the same columns), a
// drifted current table, and a few broken files. Deterministic: run it again and nothing changes.
//
// Parquet needs hyparquet-writer, which the project does not depend on:
//   npm install --no-save hyparquet-writer@0.17.0 && node scripts/golden/drift-fixtures.mjs
// or point HYPARQUET_WRITER at an installed copy's src/node.js.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = new URL('../../test/fixtures/drift/', import.meta.url).pathname;

let state = 20240607;
const uniform = () => {
  state = (state * 48271) % 2147483647;
  return state / 2147483647;
};
const normal = () => {
  let z = -6;
  for (let i = 0; i < 12; i += 1) z += uniform();
  return z;
};
const pick = (items, weights) => {
  let u = uniform();
  for (let i = 0; i < items.length; i += 1) {
    u -= weights[i];
    if (u <= 0) return items[i];
  }
  return items[items.length - 1];
};

function table(rows, drifted) {
  const data = [];
  for (let i = 0; i < rows; i += 1) {
    const age = Math.round((40 + (drifted ? 8 : 0) + 10 * normal()) * 10) / 10;
    const income = uniform() < (drifted ? 0.2 : 0.02) ? null : Math.round(Math.exp(10 + 0.5 * normal()));
    const city = drifted ? pick(['north', 'south', 'east', 'west'], [0.3, 0.3, 0.2, 0.2]) : pick(['north', 'south', 'east'], [0.5, 0.3, 0.2]);
    const label = uniform() < (drifted ? 0.5 : 0.3) ? 1 : 0;
    const score = Math.round(Math.min(1, Math.max(0, 0.3 + 0.2 * normal())) * 1000) / 1000;
    const day = new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 20) + (drifted ? 30 : 0))).toISOString().slice(0, 10);
    data.push({ id: i + 1, age, income, city, label, score, day });
  }
  return data;
}

const columns = ['id', 'age', 'income', 'city', 'label', 'score', 'day'];
const reference = table(400, false);
const current = table(300, true);

const delimited = (rows, separator) =>
  [columns.join(separator), ...rows.map((row) => columns.map((c) => (row[c] === null ? '' : String(row[c]))).join(separator))].join('\n') + '\n';

writeFileSync(join(out, 'reference.csv'), delimited(reference, ','));
writeFileSync(join(out, 'reference.tsv'), delimited(reference, '\t'));
writeFileSync(join(out, 'reference.jsonl'), reference.map((row) => JSON.stringify(row)).join('\n') + '\n');
writeFileSync(join(out, 'current.csv'), delimited(current, ','));
writeFileSync(join(out, 'same-as-reference.csv'), delimited(table(400, false), ','));
writeFileSync(join(out, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n');
writeFileSync(join(out, 'empty.csv'), '');
writeFileSync(join(out, 'header-only.csv'), 'a,b,c\n');
writeFileSync(join(out, 'semicolons.csv'), 'a;b;c\n1;2;3\n4;5;6\n');
writeFileSync(join(out, 'all-null.csv'), 'a,b\n1,\n2,NA\n3,\n');
writeFileSync(join(out, 'quoted.csv'), 'name,comment,value\n"Smith, Jo","said ""hi""\nthen left",1.5\nplain,"",2\n"x","y",\n');

let writerModule = process.env.HYPARQUET_WRITER;
try {
  const writer = writerModule ? await import(pathToFileURL(writerModule).href) : await import('hyparquet-writer');
  const buffer = writer.parquetWriteBuffer({
    columnData: [
      { name: 'id', data: reference.map((r) => BigInt(r.id)), type: 'INT64' },
      { name: 'age', data: reference.map((r) => r.age), type: 'DOUBLE' },
      { name: 'income', data: reference.map((r) => r.income), type: 'DOUBLE' },
      { name: 'city', data: reference.map((r) => r.city), type: 'STRING' },
      { name: 'label', data: reference.map((r) => r.label), type: 'INT32' },
      { name: 'score', data: reference.map((r) => r.score), type: 'DOUBLE' },
      { name: 'day', data: reference.map((r) => r.day), type: 'STRING' },
    ],
    rowGroupSize: 150,
  });
  writeFileSync(join(out, 'reference.parquet'), Buffer.from(buffer));
} catch (error) {
  console.error(`reference.parquet not written (${error.message}); install hyparquet-writer, see the header of this script`);
  process.exitCode = 1;
}
console.log(`wrote fixtures to ${out}`);
