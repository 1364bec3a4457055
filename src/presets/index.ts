import type { ScenarioDocV1 } from '../engine/scenario/types';
import { twoHosts } from './two-hosts';
import { labBare } from './lab-bare';
import { lvsDr } from './lvs-dr';
import { lvsNat } from './lvs-nat';
import { lvsTun } from './lvs-tun';
import { schedulers } from './schedulers';
import { nextHop } from './next-hop';
import { arpSwitch } from './arp-switch';
import { rawHttp } from './raw-http';
import { snatHome } from './snat-home';
import { keepalivedHa } from './keepalived-ha';

/** Every preset lab, in the order the picker lists them. Ids are a contract with tests and course pages. */
export const PRESETS: ScenarioDocV1[] = [twoHosts, rawHttp, nextHop, arpSwitch, snatHome, labBare, lvsDr, lvsNat, lvsTun, schedulers, keepalivedHa];

export const presetById = (id: string): ScenarioDocV1 | undefined => PRESETS.find((p) => p.id === id);

/** The lab the app opens on. */
export const DEFAULT_PRESET_ID = 'lvs-dr';
