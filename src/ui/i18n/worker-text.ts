/**
 * The worker words its edit labels and refusals in English (src/worker/edits.ts:
 * `Added node03`, `Cut the cable a eth0 ⟷ sw p1`, `no node X`). The page shows
 * them in the interface language: each known shape is matched and reworded.
 * Anything unknown (the scenario validator's messages) is shown as it came.
 */
import type { Lang } from './core';

type Rule = [RegExp, (...m: string[]) => string];

const ZH: Rule[] = [
  [/^Undo: (.*)$/s, (x) => `撤销：${zhText(x)}`],
  [/^Redo: (.*)$/s, (x) => `重做：${zhText(x)}`],
  [/^cannot undo: (.*)$/s, (x) => `无法撤销：${zhText(x)}`],
  [/^cannot redo: (.*)$/s, (x) => `无法重做：${zhText(x)}`],
  [/^Added (\S+) (\S+)$/, (n, i) => `已为 ${n} 添加 ${i}`],
  [/^Added (\S+)$/, (n) => `已添加 ${n}`],
  [/^Pasted (.+)$/, (l) => `已粘贴 ${l}`],
  [/^Deleted (.+)$/, (l) => `已删除 ${l.replace(/the cable /g, '网线 ')}`],
  [/^Cabled (\S+) (\S+) to (\S+) (\S+)$/, (a, i, b, j) => `已连线 ${a} ${i} ⟷ ${b} ${j}`],
  [/^Renamed (\S+) to (.+)$/, (a, b) => `已将 ${a} 重命名为 ${b}`],
  [/^Moved (\d+) nodes$/, (n) => `已移动 ${n} 个节点`],
  [/^Moved (\S+)$/, (n) => `已移动 ${n}`],
  [/^Cut the cable (.+)$/, (c) => `已剪断网线 ${c}`],
  [/^Restored the cable (.+)$/, (c) => `已接回网线 ${c}`],
  [/^Plugged (\S+) (\S+) into the internet$/, (r, i) => `已将 ${r} ${i} 接入互联网`],
  [/^(\S+) (\S+): no address$/, (n, i) => `${n} ${i}：无地址`],
  [/^nothing to paste$/, () => '没有可粘贴的内容'],
  [/^nothing to delete$/, () => '没有可删除的内容'],
  [/^nothing to move$/, () => '没有可移动的内容'],
  [/^no lab is loaded$/, () => '还没有加载实验'],
  [/^the change was refused$/, () => '修改被拒绝'],
  [/^a cable joins two different nodes$/, () => '网线只能连接两个不同的节点'],
  [/^a name cannot be empty$/, () => '名称不能为空'],
  [/^a switch port has no IP address$/, () => '交换机端口没有 IP 地址'],
  [/^add a router first: .*$/s, () => '请先添加一台路由器：互联网要接在家用路由器的 WAN 口上'],
  [/^this lab already has a node "([^"]+)": .*$/s, (n) => `这个实验已经有一个叫 “${n}” 的节点：互联网已经接入，或者这个名字已被占用`],
  [/^(\S+) (\S+) already has a cable \(([^)]+)\): an interface takes one cable$/, (n, i, l) => `${n} ${i} 已经连了一根网线（${l}）：一个接口只能接一根网线`],
  [/^(\S+) has no interface (\S+)$/, (n, i) => `${n} 没有接口 ${i}`],
  [/^no interface (\S+) (\S+)$/, (n, i) => `没有接口 ${n} ${i}`],
  [/^no cable (\S+)$/, (c) => `没有网线 ${c}`],
  [/^no node (\S+)$/, (n) => `没有节点 ${n}`],
];

function zhText(text: string): string {
  for (const [re, f] of ZH) {
    const m = re.exec(text);
    if (m) return f(...m.slice(1));
  }
  return text;
}

/** A label or refusal from the worker, in `lang`. */
export function workerText(text: string, lang: Lang): string {
  return lang === 'zh' ? zhText(text) : text;
}
