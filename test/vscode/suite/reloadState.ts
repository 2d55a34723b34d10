// The hand-over between the suite run before a real window reload and the one after (see index.ts): a
// file outside the workspace, named after the workspace folder so that parallel runs do not meet.
import { createHash } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

export interface ReloadState {
  /** Epoch ms when the first run wrote it; a stale file (an aborted run) is ignored. */
  at: number;
  uri: string;
  blockId: string;
  start: number;
  lines: number;
  /** Set by index.ts once the first run passed: its counts, to report one total at the end. */
  before?: { passed: number; failed: number };
}

export const RELOAD_STATE = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-folder';
  return path.join(os.tmpdir(), `skeptic-e2e-reload-${createHash('sha256').update(folder).digest('hex').slice(0, 16)}.json`);
};

export const STALE_MS = 10 * 60_000;
