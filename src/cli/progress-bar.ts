/**
 * A one-line progress display for terminals (records read, rate, and an ETA when the total size
 * is known). It writes nothing when the stream is not a terminal, so logs and CI stay clean.
 */
export interface ProgressBar {
  update(records: number, fraction?: number): void;
  done(): void;
}

export function createProgressBar(stream: NodeJS.WriteStream, label: string): ProgressBar {
  const started = Date.now();
  let last = 0;
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  return {
    update(records: number, fraction?: number) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? Math.round(records / seconds) : 0;
      const known = fraction !== undefined && fraction > 0 && fraction <= 1;
      const bar = known
        ? `[${'#'.repeat(Math.round(fraction * 20)).padEnd(20, '.')}] ${(fraction * 100).toFixed(0).padStart(3)} % `
        : '';
      const eta = known ? ` ETA ${Math.max(0, Math.round(seconds / fraction - seconds))} s` : '';
      stream.write(
        `\r${label} ${bar}${records.toLocaleString('fr-FR')} `
          + `enregistrements, ${rate.toLocaleString('fr-FR')}/s${eta}   `,
      );
    },
    done() {
      stream.write('\n');
    },
  };
}
