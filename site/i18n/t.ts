/** UI strings live in one place (site/i18n/zh-CN.json); `t` looks one up and fails loudly if missing. */
import strings from './zh-CN.json' with { type: 'json' };

const table: Record<string, string> = strings;

/** The Chinese text for `key`, with `{name}` placeholders filled from `vars`. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const s = table[key];
  if (s === undefined) throw new Error(`缺少界面文字：${key}（请在 site/i18n/zh-CN.json 中添加）`);
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
