// Action code under test writes GitHub workflow commands (`::add-mask::`, `::error::`, `::debug::`)
// to standard output. In this project's own CI those lines would become annotations, masks and
// debug lines of the CI job itself, and elsewhere they only flood the log. They are dropped here,
// line by line; a test that checks them spies on process.stdout.write, which sees every line
// before this filter does.

const COMMAND = /^::[a-z-]+(?: [^\n]*?)?::/;
const write = process.stdout.write.bind(process.stdout) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (!text.includes('::')) return write(chunk, ...rest);
  const kept = text
    .split(/(?<=\n)/)
    .filter((line) => !COMMAND.test(line))
    .join('');
  if (kept === '') {
    const callback = rest.find((argument): argument is () => void => typeof argument === 'function');
    callback?.();
    return true;
  }
  return write(kept, ...rest);
}) as typeof process.stdout.write;
