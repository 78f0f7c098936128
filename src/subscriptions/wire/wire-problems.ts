/**
 * Collects the faults of one request body, so a distributor learns all of them at once, then
 * throws one BrokerError: the code and public message of the first fault (which names the
 * element, in French), and every fault in the log-only detail.
 */
import type { ErrorCode } from '../../core/error-codes.js';
import { fail } from '../../core/fail.js';

export type WireCode = Extract<ErrorCode, `ERR_WS_${string}`>;

/** Where a fault is: an element's name and line (an XmlNode fits). */
export interface WireLocation {
  readonly name: string;
  readonly line: number;
}

interface WireProblem {
  readonly code: WireCode;
  readonly at: WireLocation;
  readonly message: string;
}

export class WireProblems {
  private readonly problems: WireProblem[] = [];

  add(code: WireCode, at: WireLocation, message: string): void {
    this.problems.push({ code, at, message });
  }

  /** Throws when any fault was added; the first one decides the code (and so the status). */
  throwIfAny(): void {
    const [first, ...others] = this.problems;
    if (first === undefined) return;
    const more =
      others.length === 0
        ? ''
        : ` (et ${others.length} autre${others.length > 1 ? 's' : ''} erreur${others.length > 1 ? 's' : ''})`;
    const detail = this.problems.map((p) => `${p.code} ${p.at.name} line ${p.at.line}: ${p.message}`).join('; ');
    throw fail(first.code, first.message + more, detail);
  }
}
