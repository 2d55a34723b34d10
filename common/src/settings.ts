// Settings, the same shape in the editor (`skeptic.*`) and in the repository file `.skeptic.yaml`.
// The file is the team's policy; the editor settings are the person's, and win where both speak.
import type { Severity } from './types';

export type RuleToggle = 'on' | 'off' | boolean;

export interface SkepticSettings {
  /** Live analysis on or off (editor only; the CLI always scans what it is given). */
  enable: boolean;
  /** Findings below this severity are not shown. */
  minimumSeverity: Severity;
  /** Rule id -> on/off. Rules not named keep their default (on). */
  rules: Record<string, RuleToggle>;
  /** Globs (relative to the workspace folder / repository root) of files never analysed. */
  ignore: string[];
  /** Exclusion zones: on/off, zones silenced, zones of your own. */
  zones: ZoneSettings;
}

export interface ZoneSettings {
  enabled?: boolean;
  disabled?: string[];
  custom?: { name: string; globs?: string[]; keywords?: string[] }[];
}

export const DEFAULT_SETTINGS: SkepticSettings = {
  enable: true,
  minimumSeverity: 'info',
  rules: {},
  ignore: [],
  zones: {},
};

/** What `.skeptic.yaml` may hold: the settings, plus rule folders (loaded only in trusted workspaces). */
export interface RepositoryConfig extends Partial<SkepticSettings> {
  ruleFolders?: string[];
  /** Known-bad releases the project adds to the bundled advisory data (same shape as rules/advisories.yaml). */
  advisories?: { ecosystem: 'npm' | 'pypi'; name: string; versions: string[]; safe?: string; summary: string; source: string; date: string }[];
}

export function ruleEnabled(settings: Pick<SkepticSettings, 'rules'>, ruleId: string): boolean {
  const v = settings.rules[ruleId];
  return v === undefined || v === true || v === 'on';
}

/** Editor settings over the repository file over the defaults; ignore globs add up. */
export function mergeSettings(repo: RepositoryConfig | undefined, editor: Partial<SkepticSettings> | undefined): SkepticSettings {
  return {
    enable: editor?.enable ?? repo?.enable ?? DEFAULT_SETTINGS.enable,
    minimumSeverity: editor?.minimumSeverity ?? repo?.minimumSeverity ?? DEFAULT_SETTINGS.minimumSeverity,
    rules: { ...repo?.rules, ...editor?.rules },
    ignore: [...(repo?.ignore ?? []), ...(editor?.ignore ?? [])],
    zones: {
      enabled: editor?.zones?.enabled ?? repo?.zones?.enabled,
      disabled: [...(repo?.zones?.disabled ?? []), ...(editor?.zones?.disabled ?? [])],
      custom: [...(repo?.zones?.custom ?? []), ...(editor?.zones?.custom ?? [])],
    },
  };
}
