import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../presets';
import { en } from './en';
import { chooseLang, fill, langOf, translate } from './core';
import { workerText } from './worker-text';
import { zh } from './zh';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('en and zh have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('every message has the same placeholders (or is a function) in both languages, and no zh message is left empty or in English', () => {
    for (const k of Object.keys(en) as Array<keyof typeof en>) {
      const a = en[k];
      const b = zh[k];
      expect(typeof b, k).toBe(typeof a);
      if (typeof a === 'string' && typeof b === 'string') {
        expect(placeholders(b), k).toEqual(placeholders(a));
        expect(b.trim(), k).not.toBe('');
      }
    }
    // Spot checks: the words a learner reads first.
    expect(zh['tab.timeline']).toBe('时间线');
    expect(zh['tab.ladder']).toBe('时序图');
    expect(zh['nodeview.arp']).toBe('ARP 缓存');
  });

  it('functions word plurals', () => {
    expect(translate('en', 'frames.count', { n: 1 })).toBe('1 hop');
    expect(translate('en', 'frames.count', { n: 3 })).toBe('3 hops');
    expect(translate('zh', 'frames.count', { n: 3 })).toBe('3 跳');
    expect(translate('en', 'tl.count', { shown: 5, total: 5 })).toBe('5 events');
    expect(translate('en', 'tl.count', { shown: 2, total: 5 })).toBe('2 of 5');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('zh', 'menu.deleteNode', { id: 'node01' })).toBe('删除 node01');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('every preset has a title and a description in both languages', () => {
    for (const p of PRESETS) {
      expect(p.title?.en, p.id).toBeTruthy();
      expect(p.title?.zh, p.id).toBeTruthy();
      expect(p.description?.en, p.id).toBeTruthy();
      expect(p.description?.zh, p.id).toBeTruthy();
    }
  });
});

describe('choosing the language', () => {
  it('zh* browsers get Chinese, others English; a stored choice wins over the browser, a URL parameter over both', () => {
    expect(langOf('zh-CN')).toBe('zh');
    expect(langOf('zh-Hant-TW')).toBe('zh');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf('fr')).toBeUndefined();
    expect(chooseLang({ browser: 'zh-CN' })).toBe('zh');
    expect(chooseLang({ browser: 'de-DE' })).toBe('en');
    expect(chooseLang({ browser: 'zh-CN', stored: 'en' })).toBe('en');
    expect(chooseLang({ browser: 'en-US', stored: 'zh' })).toBe('zh');
    expect(chooseLang({ browser: 'en-US', stored: 'en', param: 'zh' })).toBe('zh');
    expect(chooseLang({ browser: 'zh', stored: 'garbage', param: 'xx' })).toBe('zh');
  });
});

describe('worker labels in Chinese', () => {
  it('rewords the edit labels and refusals the worker sends', () => {
    const cases: Array<[string, string]> = [
      ['Added node03', '已添加 node03'],
      ['Added node01 eth1', '已为 node01 添加 eth1'],
      ['Cut the cable node02 eth0 ⟷ sw p2', '已剪断网线 node02 eth0 ⟷ sw p2'],
      ['Undo: Cut the cable node02 eth0 ⟷ sw p2', '撤销：已剪断网线 node02 eth0 ⟷ sw p2'],
      ['Redo: Moved 3 nodes', '重做：已移动 3 个节点'],
      ['Cabled node03 eth1 to sw p4', '已连线 node03 eth1 ⟷ sw p4'],
      ['Deleted node03, the cable a eth0 ⟷ b eth0', '已删除 node03, 网线 a eth0 ⟷ b eth0'],
      ['node01 eth0 already has a cable (node01:eth0--sw:p1): an interface takes one cable', 'node01 eth0 已经连了一根网线（node01:eth0--sw:p1）：一个接口只能接一根网线'],
      ['Plugged router eth1 into the internet', '已将 router eth1 接入互联网'],
    ];
    for (const [from, to] of cases) expect(workerText(from, 'zh')).toBe(to);
    expect(workerText('Added node03', 'en')).toBe('Added node03');
    // Unknown text (a validator message) is shown as it came.
    expect(workerText('node01 interface 1.addresses[0]: octet above 255', 'zh')).toBe('node01 interface 1.addresses[0]: octet above 255');
  });
});
