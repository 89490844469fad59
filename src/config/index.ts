/**
 * The project's configuration: every DL4DS_* environment variable, typed and validated (the table is settings.ts,
 * the user's guide docs/configuration.md). `config.seed`, `config.device`, … read the variable each time they are
 * asked (a test or a command may change it, and a kernel started from a snapshot must see its own environment);
 * a bad value throws an error that names the variable and the values it takes.
 */
import { readKind } from "./kinds";
import { SETTINGS, SettingKey, Setting } from "./settings";

export { SETTINGS, NOT_SETTINGS } from "./settings";
export type { Audience, Setting, SettingKey } from "./settings";
export { projectRoot } from "./projectRoot";

type ValueOf<K extends SettingKey> = (typeof SETTINGS)[K] extends Setting<infer T> ? T : never;

/** Every setting as a typed, read-only property. */
export type Config = { readonly [K in SettingKey]: ValueOf<K> };

/** One setting's value in `env` (default: this process's environment). */
export function readSetting<K extends SettingKey>(key: K, env: NodeJS.ProcessEnv = process.env): ValueOf<K> {
  const s = SETTINGS[key] as unknown as Setting<ValueOf<K>>;
  if (!s) throw new Error(`readSetting: no setting "${String(key)}"; the settings are ${Object.keys(SETTINGS).join(", ")}`);
  const raw = env[s.name]?.trim();
  return raw === undefined || raw === "" ? s.fallback : readKind(s.name, s.kind, raw);
}

/** The settings of `env` (an environment a child process will get, say); omitted: this process's, read live. */
export function configFrom(env?: NodeJS.ProcessEnv): Config {
  const out = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    Object.defineProperty(out, key, { enumerable: true, get: () => readSetting(key, env ?? process.env) });
  }
  return Object.freeze(out) as Config;
}

/** This process's settings, read from process.env when asked. */
export const config: Config = configFrom();

/** The names the grader may copy from its environment into a graded kernel's (the `sandboxEnvironment` column). */
export const SANDBOX_ENVIRONMENT: readonly string[] = Object.values(SETTINGS)
  .filter((s) => s.sandboxEnvironment)
  .map((s) => s.name);

/** The allow-listed DL4DS_* variables of `env` that are set, for a graded kernel's environment. */
export function sandboxEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SANDBOX_ENVIRONMENT) {
    const v = env[name];
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}
