// A tiny, dependency-free training run used by the examples and `npm run demo`: logistic
// regression on a synthetic two-feature dataset, with the outputs a real ML project produces
// (metrics, per-epoch log, predictions, reference/current data for drift checks).
//
//   node train.mjs            # reads params.yaml, writes metrics.json, logs/, predictions.csv, data/
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const params = Object.fromEntries(
  readFileSync(new URL('./params.yaml', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => /^\s*([\w.]+):\s*([^#]+?)\s*$/.exec(line))
    .filter(Boolean)
    .map(([, key, value]) => [key, Number.isNaN(Number(value)) ? value : Number(value)]),
);
const { seed = 7, samples = 2000, epochs = 40, learning_rate: learningRate = 0.5, l2 = 0.001 } = params;

// mulberry32: small, seeded, good enough for example data.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function makeData(count, shift) {
  const rows = [];
  for (let index = 0; index < count; index += 1) {
    const label = random() < 0.5 ? 0 : 1;
    const age = 35 + 10 * gaussian() + (label ? 6 : 0) + shift * 8;
    const income = 52 + 15 * gaussian() + (label ? 10 : 0);
    const plan = ['basic', 'plus', 'pro'][Math.floor(random() * (shift > 0 ? 3 : 2.4)) % 3];
    rows.push({ age, income, plan, label });
  }
  return rows;
}

const train = makeData(samples, 0);
const test = makeData(Math.floor(samples / 4), 0);
const current = makeData(Math.floor(samples / 2), 0.5);

const mean = [avg(train.map((r) => r.age)), avg(train.map((r) => r.income))];
const std = [sd(train.map((r) => r.age)), sd(train.map((r) => r.income))];
const features = (row) => [(row.age - mean[0]) / std[0], (row.income - mean[1]) / std[1]];
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

let weights = [0, 0];
let bias = 0;
const history = [];
for (let epoch = 1; epoch <= epochs; epoch += 1) {
  let gradW = [0, 0];
  let gradB = 0;
  for (const row of train) {
    const x = features(row);
    const error = sigmoid(weights[0] * x[0] + weights[1] * x[1] + bias) - row.label;
    gradW = [gradW[0] + error * x[0], gradW[1] + error * x[1]];
    gradB += error;
  }
  weights = weights.map((w, i) => w - learningRate * (gradW[i] / train.length + l2 * w));
  bias -= (learningRate * gradB) / train.length;
  const scored = evaluate(train);
  history.push({ epoch, loss: round(scored.loss), accuracy: round(scored.accuracy) });
}

const result = evaluate(test);
mkdirSync(new URL('./logs/', import.meta.url), { recursive: true });
mkdirSync(new URL('./data/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./metrics.json', import.meta.url),
  JSON.stringify(
    { accuracy: round(result.accuracy), loss: round(result.loss), precision: round(result.precision), recall: round(result.recall), f1: round(result.f1) },
    null,
    2,
  ) + '\n',
);
writeFileSync(new URL('./logs/train.csv', import.meta.url), toCsv(history));
writeFileSync(new URL('./predictions.csv', import.meta.url), toCsv(result.predictions));
writeFileSync(
  new URL('./data/reference.csv', import.meta.url),
  toCsv(test.map(({ age, income, plan, label }) => ({ age: round(age), income: round(income), plan, label }))),
);
writeFileSync(
  new URL('./data/current.csv', import.meta.url),
  toCsv(current.map(({ age, income, plan, label }) => ({ age: round(age), income: round(income), plan, label }))),
);
console.log(`trained ${epochs} epochs: accuracy ${round(result.accuracy)}, loss ${round(result.loss)}`);

function evaluate(rows) {
  let loss = 0;
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const predictions = [];
  for (const row of rows) {
    const x = features(row);
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(weights[0] * x[0] + weights[1] * x[1] + bias)));
    const predicted = p >= 0.5 ? 1 : 0;
    loss -= row.label * Math.log(p) + (1 - row.label) * Math.log(1 - p);
    if (predicted === row.label) correct += 1;
    if (predicted === 1 && row.label === 1) tp += 1;
    if (predicted === 1 && row.label === 0) fp += 1;
    if (predicted === 0 && row.label === 1) fn += 1;
    predictions.push({ actual: row.label ? 'churn' : 'stay', predicted: predicted ? 'churn' : 'stay' });
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    loss: loss / rows.length,
    accuracy: correct / rows.length,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-12, precision + recall),
    predictions,
  };
}

function avg(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
function sd(values) {
  const m = avg(values);
  return Math.sqrt(avg(values.map((v) => (v - m) ** 2)));
}
function round(value) {
  return Math.round(value * 10000) / 10000;
}
function toCsv(rows) {
  const columns = Object.keys(rows[0]);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => row[c]).join(','))].join('\n') + '\n';
}
