import { CliIo } from './cli-error';

/**
 * Progress on stderr, only when stderr is a terminal: one line rewritten in
 * place, at most every 100 ms, cleared when done. Never used in JSON mode.
 */
export class Progress {
  /** Progress for a command; silent unless `enabled` and stderr is a TTY. */
  public static start(io: CliIo, enabled: boolean): Progress {
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    return new Progress(io, enabled && tty);
  }

  private last = 0;
  private shown = false;

  private constructor(private readonly io: CliIo, private readonly enabled: boolean) {
  }

  /** Shows `text` (throttled; the first update always shows). */
  public update(text: string): void {
    if (!this.enabled) {
      return;
    }
    const now = Date.now();
    if (this.shown && now - this.last < 100) {
      return;
    }
    this.last = now;
    this.shown = true;
    this.io.stderr.write(`\r\u001b[Kcdk8s-netpol: ${text}`);
  }

  /** Clears the progress line. */
  public done(): void {
    if (this.shown) {
      this.io.stderr.write('\r\u001b[K');
      this.shown = false;
    }
  }
}
