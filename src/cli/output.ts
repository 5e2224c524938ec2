/*
 * Streamed output: a command writes its report piece by piece as it is
 * computed, and the pieces reach the stream in chunks, so neither a huge
 * string nor millions of small writes are made.
 */

/** How much text is gathered before one write: 1 Mi characters. */
const CHUNK_CHARS = 1024 * 1024;

/** Text gathered into chunks for a stream (stdout); `flush()` at the end. */
export class ChunkedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: { write(text: string): unknown }) {
  }

  /** Adds text; writes a chunk when enough has gathered. */
  public readonly write = (text: string): void => {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) {
      this.flush();
    }
  };

  /** Writes what has gathered. */
  public flush(): void {
    if (this.parts.length > 0) {
      this.stream.write(this.parts.join(''));
      this.parts = [];
      this.size = 0;
    }
  }
}
