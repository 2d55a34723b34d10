// "Skeptic: Security Review Prompt for Changes": the same prompt as `skeptic review-prompt` (the client
// bundles server/src/cli/reviewPrompt.ts and runs git itself, the same safe way; no server round trip
// because the server has no business running git), opened in an untitled Markdown document and copied to
// the clipboard. Only in a trusted workspace: even with every hook, pager, filter and external diff
// switched off, running git on a repository means reading configuration the repository controls, and
// VS Code's trust prompt is where a person decides that.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { mergeSettings, type RepositoryConfig, type ZoneSettings } from '../../common/src/settings';
import { buildReviewPrompt, ReviewPromptError, type ReviewMode } from '../../server/src/cli/reviewPrompt';

export interface ReviewPromptArgs {
  /** Skip the quick pick (tests, keybindings). */
  mode?: 'worktree' | 'staged' | 'base';
  base?: string;
  /** The repository folder; default: the active file's workspace folder, else the first one. */
  folder?: string;
}

export const UNTRUSTED_MESSAGE =
  'Skeptic: the security review prompt runs git on this repository, and a repository\'s own git configuration can make git run programs. Trust this workspace first (Workspaces: Manage Workspace Trust), or run `skeptic review-prompt` in a terminal on a repository you trust.';

/** Zone settings as the server sees them: the editor's `skeptic.zones.*` over `.skeptic.yaml`'s `zones`. */
function zoneSettings(folder: string): ZoneSettings {
  let repo: RepositoryConfig | undefined;
  try {
    const data = parseYaml(fs.readFileSync(path.join(folder, '.skeptic.yaml'), 'utf8')) as RepositoryConfig | null;
    if (data && typeof data === 'object' && data.zones && typeof data.zones === 'object') repo = { zones: data.zones };
  } catch {
    // no .skeptic.yaml, or one the server reports as invalid: the editor settings alone
  }
  const c = vscode.workspace.getConfiguration('skeptic.zones', vscode.Uri.file(folder));
  return mergeSettings(repo, { zones: { enabled: c.get('enabled'), disabled: c.get('disabled'), custom: c.get('custom') } }).zones;
}

async function pickMode(args: ReviewPromptArgs): Promise<ReviewMode | undefined> {
  let kind = args.mode;
  if (!kind) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Working tree against HEAD', description: 'git diff HEAD', mode: 'worktree' as const },
        { label: 'Staged changes', description: 'git diff --cached', mode: 'staged' as const },
        { label: 'This branch against another', description: 'git diff REF...HEAD', mode: 'base' as const },
      ],
      { title: 'Skeptic: Security Review Prompt for Changes', placeHolder: 'Which change should the reviewer look at?' },
    );
    if (!pick) return undefined;
    kind = pick.mode;
  }
  if (kind !== 'base') return { kind };
  const ref = args.base ?? (await vscode.window.showInputBox({ title: 'Compare HEAD with', prompt: 'A branch, tag or commit (the merge base with it is used)', value: 'origin/main' }));
  return ref ? { kind: 'base', ref } : undefined;
}

export async function reviewPromptCommand(args: ReviewPromptArgs = {}): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = args.folder ?? (active && vscode.workspace.getWorkspaceFolder(active)?.uri.fsPath) ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) {
    void vscode.window.showWarningMessage('Skeptic: open the repository as a folder first; the review prompt is built from its git diff.');
    return undefined;
  }
  const mode = await pickMode(args);
  if (!mode) return undefined;
  let prompt: string | undefined;
  try {
    ({ prompt } = await buildReviewPrompt(folder, mode, zoneSettings(folder)));
  } catch (e) {
    if (e instanceof ReviewPromptError) {
      void vscode.window.showErrorMessage(`Skeptic: ${e.message}`);
      return undefined;
    }
    throw e;
  }
  if (!prompt) {
    void vscode.window.showInformationMessage('Skeptic: nothing to review — git shows no changes there.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: prompt });
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.env.clipboard.writeText(prompt);
  void vscode.window.showInformationMessage('Skeptic: review prompt copied — paste it into a fresh chat with the reviewer model; it carries no commit message or PR description on purpose.');
  return prompt;
}
