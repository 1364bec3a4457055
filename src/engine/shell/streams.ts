import type { Block, Wake } from '../os/task';

/** Where a command reads: a string already there, or a socket that blocks until EOF. */
export interface InputStream {
  /** Everything until end of file (blocking in virtual time if the source is a socket). */
  readAll(): Generator<Block, string, Wake>;
}

export interface OutputStream {
  write(text: string): void;
}

/** An open file descriptor of a shell: what `ls -l /proc/$$/fd` shows it as, and how to use it. */
export interface Fd {
  /** Link target as /proc shows it: `/dev/pts/0`, `socket:[24567]`, `/root/x.txt`. */
  target: string;
  input?: InputStream;
  output?: OutputStream;
  close?(): void;
  /** Reference count: `exec 9>&8` duplicates. The underlying close runs when the last copy closes. */
  refs?: { n: number };
}

export const stringInput = (s: string): InputStream => ({
  // eslint-disable-next-line require-yield
  *readAll() {
    return s;
  },
});

export const EMPTY_INPUT = stringInput('');

export class BufferOutput implements OutputStream {
  text = '';
  write(t: string): void {
    this.text += t;
  }
}
