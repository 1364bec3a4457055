/**
 * The two byte queues of a connection. The send buffer keeps everything from
 * SND.UNA on (sent-but-unacknowledged bytes are the retransmission queue);
 * the receive queue keeps views of the received frames (frames are never
 * mutated once on the wire), so receiving copies nothing.
 */
export class SendBuffer {
  /** Chunks from SND.UNA on; the first starts `head` bytes in. */
  private chunks: Uint8Array[] = [];
  private first = 0;
  private head = 0;
  /** Bytes held (unacknowledged + unsent). */
  length = 0;

  /** Queue `data`; the buffer keeps the array itself, so the caller must not change it afterwards. */
  append(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.length += data.length;
  }

  /** `len` bytes starting `off` bytes after SND.UNA: a view when they sit in one chunk, else a copy. */
  view(off: number, len: number): Uint8Array {
    let i = this.first;
    let o = off + this.head;
    while (o >= this.chunks[i].length) o -= this.chunks[i++].length;
    const c = this.chunks[i];
    if (o + len <= c.length) return o === 0 && len === c.length ? c : c.subarray(o, o + len);
    const out = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const d = this.chunks[i++];
      const n = Math.min(d.length - o, len - got);
      out.set(d.subarray(o, o + n), got);
      got += n;
      o = 0;
    }
    return out;
  }

  /** Drop `n` acknowledged bytes from the front. */
  consume(n: number): void {
    n = Math.min(n, this.length);
    this.length -= n;
    while (n > 0) {
      const c = this.chunks[this.first];
      const rest = c.length - this.head;
      if (n < rest) {
        this.head += n;
        return;
      }
      n -= rest;
      this.head = 0;
      this.first++;
    }
    if (this.first === this.chunks.length) {
      this.chunks.length = 0;
      this.first = 0;
    }
  }
}

export class RecvQueue {
  private chunks: Uint8Array[] = [];
  private first = 0;
  /** Bytes received in order and not read yet. */
  length = 0;

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.length += data.length;
  }

  /** Take up to `max` bytes (one view when a single chunk answers, a copy otherwise). */
  take(max = Infinity): Uint8Array {
    const want = Math.min(max, this.length);
    if (want === 0) return new Uint8Array(0);
    const c = this.chunks[this.first];
    if (c.length >= want) {
      this.length -= want;
      if (c.length === want) this.shift();
      else this.chunks[this.first] = c.subarray(want);
      return want === c.length ? c : c.subarray(0, want);
    }
    const out = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const d = this.chunks[this.first];
      const n = Math.min(d.length, want - got);
      out.set(n === d.length ? d : d.subarray(0, n), got);
      got += n;
      if (n === d.length) this.shift();
      else this.chunks[this.first] = d.subarray(n);
    }
    this.length -= want;
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.length = 0;
  }

  private shift(): void {
    this.first++;
    if (this.first === this.chunks.length) {
      this.chunks.length = 0;
      this.first = 0;
    }
  }
}
