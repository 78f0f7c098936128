/**
 * Runs a guide's shell blocks as a newcomer pastes them into one terminal: one bash process for
 * the whole guide (variables, functions and the current folder carry over from block to block),
 * `set -euo pipefail` so that the first failing command stops everything, each block's standard
 * input closed and its output kept apart. A block that fails ends the shell: `run` rejects with
 * the block's place in the guide, its exit status and its output. The shell leads a process group
 * of its own, which its background jobs (the guide's server) join: `close` stops what is left.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShellBlock {
  /** The line of the opening fence in the guide (1-based). */
  readonly line: number;
  /** The `<!-- name -->` comment just above the fence, when there is one. */
  readonly marker?: string;
  readonly code: string;
}

/**
 * The fenced blocks whose info string is exactly `lang`, in order, each with the HTML comment
 * that stands on the line just above its fence (blank lines allowed between them).
 */
export function shellBlocks(markdown: string, lang: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  let marker: string | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const comment = /^<!--\s*(.+?)\s*-->$/.exec(line.trim());
    if (comment !== null) {
      marker = comment[1];
      continue;
    }
    const fence = /^(```+|~~~+)\s*(\S*)\s*$/.exec(line);
    if (fence === null) {
      if (line.trim() !== '') marker = undefined;
      continue;
    }
    const close = lines.findIndex((l, j) => j > i && l.trimEnd() === fence[1]);
    if (close < 0) throw new Error(`unclosed code fence at line ${i + 1}`);
    if (fence[2] === lang) {
      const code = lines.slice(i + 1, close).join('\n');
      blocks.push({ line: i + 1, code, ...(marker === undefined ? {} : { marker }) });
    }
    marker = undefined;
    i = close;
  }
  return blocks;
}

export interface BlockRun {
  readonly stdout: string;
  readonly stderr: string;
}

/** One bash for a whole guide, in `cwd`, with `env`; the blocks and their outputs are kept in a folder apart. */
export class GuideShell {
  private readonly bash: ChildProcessWithoutNullStreams;
  private readonly scratch = mkdtempSync(join(tmpdir(), 'guide-blocks-'));
  private count = 0;
  private pending: { readonly done: () => void; readonly failed: (status: number | null) => void } | undefined;
  private exited: number | null | undefined;
  private heard = '';

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    // Each block is a file sourced with its own output files and no input; the loop reads only
    // the names of the blocks to run, one per line, and says when each one is done.
    const driver = [
      'set -euo pipefail',
      'while IFS= read -r block; do',
      '  source "$block" > "$block.out" 2> "$block.err" < /dev/null',
      '  printf "done %s\\n" "$block"',
      'done',
    ].join('\n');
    this.bash = spawn('bash', ['--noprofile', '--norc', '-c', driver], { cwd, env, detached: true });
    this.bash.stdout.setEncoding('utf8');
    this.bash.stdout.on('data', (chunk: string) => {
      this.heard += chunk;
      if (this.heard.includes('\n')) {
        this.heard = '';
        this.pending?.done();
      }
    });
    this.bash.stderr.resume();
    this.bash.on('exit', (status) => {
      this.exited = status;
      this.pending?.failed(status);
    });
  }

  /** Runs `code` in the shell; `where` names it in a failure (the guide's line, or the test's own step). */
  async run(code: string, where: string): Promise<BlockRun> {
    if (this.exited !== undefined) throw new Error(`the shell has already ended (status ${this.exited})`);
    this.count += 1;
    const file = join(this.scratch, `block-${String(this.count).padStart(3, '0')}.sh`);
    writeFileSync(file, `${code}\n`);
    const read = (suffix: string): string => {
      try {
        return readFileSync(`${file}${suffix}`, 'utf8');
      } catch {
        return '';
      }
    };
    await new Promise<void>((resolve, reject) => {
      this.pending = {
        done: resolve,
        failed: (status) => {
          const output = `--- stdout\n${read('.out')}\n--- stderr\n${read('.err')}`;
          reject(new Error(`${where} failed with status ${status}:\n${code}\n${output}`));
        },
      };
      this.bash.stdin.write(`${file}\n`);
    });
    this.pending = undefined;
    return { stdout: read('.out'), stderr: read('.err') };
  }

  /**
   * Ends the shell (its input closed), then stops with SIGTERM what is left of its process group:
   * the background jobs a block started and no later block stopped (a guide that failed midway).
   */
  async close(): Promise<void> {
    if (this.exited === undefined) {
      await new Promise<void>((resolve) => {
        this.bash.once('exit', () => resolve());
        this.bash.stdin.end();
      });
    }
    try {
      process.kill(-(this.bash.pid as number), 'SIGTERM');
    } catch {
      // ESRCH: nothing of the group is left.
    }
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
