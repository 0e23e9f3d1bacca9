// The last lines of a command's output, as a reader would see them in a terminal: progress bars
// that redraw a line with a carriage return keep only their last state, colour codes are dropped,
// and very long lines are cut, so the memory kept is bounded whatever the command prints.

const MAX_LINE = 500;
// Colour and cursor sequences (CSI), and OSC sequences such as hyperlinks.
// eslint-disable-next-line no-control-regex -- escape sequences are made of control characters
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export class OutputTail {
  private readonly kept: string[] = [];
  private partial = '';

  constructor(private readonly size: number) {}

  add(text: string): void {
    const pieces = (this.partial + text).split('\n');
    this.partial = clip(pieces.pop() ?? '');
    for (const piece of pieces) this.push(piece);
  }

  lines(): string[] {
    const last = this.partial === '' ? [] : [clean(this.partial)];
    return [...this.kept, ...last].slice(-this.size);
  }

  private push(line: string): void {
    this.kept.push(clean(line));
    if (this.kept.length > this.size) this.kept.shift();
  }
}

function clip(text: string): string {
  // A line still being written may be a progress bar: keep its end, where its latest state is.
  return text.length > MAX_LINE * 4 ? text.slice(-MAX_LINE * 4) : text;
}

function clean(line: string): string {
  const visible = line.replace(/\r$/, '').split('\r').pop() ?? '';
  const text = visible.replace(ESCAPES, '');
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}
