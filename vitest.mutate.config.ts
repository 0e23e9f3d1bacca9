// The test suite narrowed to the globs in CML_MUTATE_TESTS (comma-separated), for `npm run mutate
// -- --tests ...`: a mutation run of a module many slow integration tests reach can use the unit
// tests that pin it down instead.
import base from './vitest.config.js';

const globs = (process.env.CML_MUTATE_TESTS ?? '').split(',').filter((glob) => glob.trim() !== '');

export default { ...base, test: { ...base.test, include: globs.length > 0 ? globs : base.test?.include } };
