// The deterministic sample generator of scripts/golden/drift.py, reproduced bit for bit: a Lehmer
// generator in exact integer arithmetic, normals as the sum of 12 uniforms (additions only).

export interface Recipe {
  readonly kind: 'uniform' | 'normal12';
  readonly seed: number;
  readonly n: number;
  readonly loc: number;
  readonly scale: number;
  readonly grid?: number;
}

const MODULUS = 2147483647;
const MULTIPLIER = 48271;

export function generate(recipe: Recipe): Float64Array {
  let state = recipe.seed;
  const out = new Float64Array(recipe.n);
  for (let i = 0; i < recipe.n; i += 1) {
    let z: number;
    if (recipe.kind === 'uniform') {
      state = (state * MULTIPLIER) % MODULUS;
      z = state / MODULUS;
    } else {
      z = 0;
      for (let k = 0; k < 12; k += 1) {
        state = (state * MULTIPLIER) % MODULUS;
        z += state / MODULUS;
      }
      z -= 6;
    }
    let value = recipe.loc + recipe.scale * z;
    if (recipe.grid !== undefined) value = Math.floor(value * recipe.grid) / recipe.grid;
    out[i] = value;
  }
  return out;
}

export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
