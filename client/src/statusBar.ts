// The status-bar item: the active file's Skeptic findings and its exclusion zone, if any.
import * as vscode from 'vscode';
import type { ZoneBanner } from './zoneBanner';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('skeptic.status', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly banner: ZoneBanner) {
    this.item.name = 'Skeptic';
    this.item.command = 'skeptic.showOutput';
  }

  update(): void {
    void this.render();
  }

  private async render(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      this.item.hide();
      return;
    }
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter(d => d.source === 'skeptic');
    const errors = diags.filter(d => d.severity === vscode.DiagnosticSeverity.Error).length;
    const zones = await this.banner.zonesOf(editor.document);
    const zoneText = zones.length ? ` · ${zones.map(z => z.name).join(', ')}${this.banner.isReviewed(editor.document) ? ' (reviewed)' : ''}` : '';
    this.item.text = `$(shield) ${diags.length}${zoneText}`;
    this.item.tooltip = `Skeptic: ${diags.length} finding${diags.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}) in this file${zones.length ? `\nSecurity exclusion zone: ${zones.map(z => z.name).join(', ')}` : ''}\nClick for the Skeptic output`;
    this.item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
