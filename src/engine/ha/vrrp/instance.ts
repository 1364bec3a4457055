/**
 * One vrrp_instance: the VRRPv2 state machine as keepalived 2.4 runs it
 * (vrrp.c vrrp_state_backup / vrrp_state_master_rx / vrrp_state_master_tx /
 * vrrp_state_become_master / vrrp_state_leave_master / vrrp_state_leave_fault,
 * vrrp_scheduler.c vrrp_init_state / dispatcher timeouts, vrrp_track.c
 * down_instance / try_up_instance). One timer ("sands") per instance: the
 * next advert for a MASTER, the master-down deadline for a BACKUP.
 *
 * The instance talks to the host only through `InstanceEnv`, so it can be
 * driven by the daemon (vrrp/daemon.ts) or directly in tests.
 */
import { formatIpv4, type Ipv4 } from '../../wire/addr';
import type { Micros } from '../../sim/time';
import type { VrrpSettings } from '../conf/complete';
import type { VipConf } from '../conf/types';
import { checkAdvert, type ReceivedAdvert } from './packet';
import { skewTime } from './timers';

export type VrrpState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT';

const VRRP_PRIO_OWNER = 255;

export interface InstanceEnv {
  now(): Micros;
  /** Run `fn` after `delay` µs; returns a function that cancels it. */
  after(delay: Micros, fn: () => void): () => void;
  /** A Keepalived_vrrp log line. */
  log(text: string): void;
  /** `-D` (--log-detail): keepalived logs its LOG_DETAIL lines. */
  detail: boolean;
  /** Source address of our adverts (mcast_src_ip or the interface's primary address). */
  saddr(): Ipv4 | undefined;
  sendAdvert(priority: number, ipId: number): void;
  addVips(vips: VipConf[]): void;
  removeVips(vips: VipConf[], force: boolean): void;
  /** Add/remove the no-accept DROP rules for the VIPs (vrrp_handle_accept_mode). */
  dropRules(vips: VipConf[], add: boolean, force: boolean): void;
  garp(vip: VipConf): void;
  stateChanged(inst: VrrpInstance, from: VrrpState, to: VrrpState): void;
}

export class VrrpInstance {
  state: VrrpState = 'INIT';
  wantState: 'MASTER' | 'BACKUP' | 'FAULT';
  effectivePriority: number;
  masterAdverInt: Micros;
  msDownTimer: Micros = 0;
  /** Absolute time of the next timer event; null when disabled (FAULT/INIT). */
  sands: Micros | null = null;
  /** VIPs are (believed) set: forced true at startup so leftovers are removed. */
  vipset = true;
  preemptTime: Micros = 0;
  masterSaddr: Ipv4 = 0;
  masterPriority = 0;
  numFault = 0;
  private ipId = 0;
  /** Stopped or killed: the process no longer reads its socket. */
  private halted = false;
  private cancelTimer: (() => void) | null = null;
  private garpTimers: Array<() => void> = [];
  /** Adverts sent and received (for tests and the inspector). */
  stats = { advertSent: 0, advertRcvd: 0, priZeroSent: 0, becomeMaster: 0, releaseMaster: 0 };

  constructor(
    readonly s: VrrpSettings,
    private readonly env: InstanceEnv,
  ) {
    this.wantState = s.wantState;
    this.effectivePriority = s.basePriority;
    this.masterAdverInt = s.adverInt;
  }

  get name(): string {
    return this.s.name;
  }

  private skew(): Micros {
    return skewTime(this.effectivePriority, this.masterAdverInt, this.s.version);
  }

  private downTimer(): Micros {
    return this.s.downTimerAdverts * this.masterAdverInt + this.skew();
  }

  private detail(m: string): void {
    if (this.env.detail) this.env.log(m);
  }

  private setState(to: VrrpState): void {
    const from = this.state;
    this.state = to;
    if (from !== to) this.env.stateChanged(this, from, to);
  }

  // ---- start (vrrp_restore_interfaces_startup, initialise_tracking_priorities, vrrp_init_state) ----

  /** Start with the interface up or down. Called once by the daemon. */
  start(ifUp: boolean): void {
    if (!ifUp && !this.s.dontTrackPrimary) {
      this.numFault = 1;
      this.state = 'FAULT';
      this.env.log(`(${this.name}) entering FAULT state`);
    }
    if (this.vipset) this.restoreInterface(false, true);
    const begin = this.state;
    if (this.state === 'FAULT') this.wantState = 'FAULT';
    if (ifUp && this.wantState === 'MASTER' && this.s.basePriority === VRRP_PRIO_OWNER) {
      // "The simplest way to become master is to timeout from the backup state very quickly (1usec)"
      this.setState('BACKUP');
      this.msDownTimer = 1;
    } else {
      this.msDownTimer = this.downTimer();
      this.restoreInterface(false, false);
      if (ifUp && this.wantState !== 'FAULT') {
        if (this.state !== 'BACKUP') {
          this.env.log(`(${this.name}) Entering BACKUP STATE (init)`);
          this.setState('BACKUP');
        }
      } else {
        if (begin !== 'FAULT') this.env.log(`(${this.name}) Entering FAULT STATE (init)`);
        this.setState('FAULT');
      }
    }
    this.initSands();
  }

  /** vrrp_init_instance_sands: (re)arm the one timer for the current state. */
  private initSands(): void {
    const now = this.env.now();
    if (this.state === 'MASTER') this.sands = now + this.s.adverInt;
    else if (this.state === 'BACKUP') this.sands = now + this.msDownTimer;
    else this.sands = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.sands !== null) this.cancelTimer = this.env.after(this.sands - now, () => this.onTimeout());
  }

  /** vrrp_dispatcher_read_timeout. */
  private onTimeout(): void {
    this.cancelTimer = null;
    if (this.state === 'BACKUP') {
      this.detail(`(${this.name}) Receive advertisement timeout`);
      this.gotoMaster();
    } else if (this.state === 'MASTER') this.masterTx();
    this.initSands();
  }

  // ---- MASTER ----

  private gotoMaster(): void {
    this.wantState = 'MASTER';
    this.setState('MASTER');
    this.initSands();
    this.masterTx();
  }

  /** vrrp_state_master_tx: the advert goes first, so the old master drops the VIPs before our GARPs. */
  private masterTx(): void {
    this.sendAdv(this.effectivePriority);
    if (!this.vipset) {
      this.env.log(`(${this.name}) Entering MASTER STATE`);
      this.becomeMaster();
      if (this.s.garpDelay) this.garpLater(this.s.garpDelay, this.s.garpRep);
    }
  }

  private becomeMaster(): void {
    this.stats.becomeMaster++;
    this.acceptMode(true, false);
    if (this.s.vips.length) {
      this.detail(`(${this.name}) setting VIPs.`);
      this.env.addVips(this.s.vips);
    }
    if (this.s.evips.length) {
      this.detail(`(${this.name}) setting E-VIPs.`);
      this.env.addVips(this.s.evips);
    }
    this.vipset = true;
    this.sendLinkUpdate(this.s.garpRep);
  }

  /** vrrp_send_link_update: `rep` rounds of one gratuitous ARP per VIP. */
  sendLinkUpdate(rep: number): void {
    if (!this.vipset) return;
    for (let j = 0; j < rep; j++) {
      for (const vip of [...this.s.vips, ...this.s.evips]) {
        if (j === 0) this.detail(`(${this.name}) Sending/queueing gratuitous ARPs on ${vip.dev} for ${formatIpv4(vip.ip)}`);
        this.env.garp(vip);
      }
    }
  }

  private garpLater(delay: Micros, rep: number): void {
    const cancel = this.env.after(delay, () => {
      this.garpTimers = this.garpTimers.filter((c) => c !== cancel);
      this.sendLinkUpdate(rep);
    });
    this.garpTimers.push(cancel);
  }

  private acceptMode(add: boolean, force: boolean): void {
    if (this.s.basePriority === VRRP_PRIO_OWNER || this.s.accept) return;
    this.detail(`(${this.name}) ${add ? 'setting' : 'removing'} firewall drop rule`);
    this.env.dropRules([...this.s.vips, ...this.s.evips], add, force);
  }

  /** vrrp_restore_interface: leaving MASTER (or cleaning up at start). */
  private restoreInterface(advF: boolean, force: boolean): void {
    if (advF) {
      this.sendAdv(0);
      this.stats.priZeroSent++;
      this.detail(`(${this.name}) sent 0 priority`);
    }
    if (force || this.vipset) {
      if (this.s.vips.length) {
        this.detail(`(${this.name}) removing VIPs.`);
        this.env.removeVips(this.s.vips, force);
      }
      if (this.s.evips.length) {
        this.detail(`(${this.name}) removing E-VIPs.`);
        this.env.removeVips(this.s.evips, force);
      }
      this.acceptMode(false, force);
      this.vipset = false;
    }
  }

  private leaveMaster(advF: boolean): void {
    if (this.wantState === 'BACKUP') {
      this.env.log(`(${this.name}) Entering BACKUP STATE`);
      this.preemptTime = 0;
    } else if (this.wantState === 'FAULT') {
      this.env.log(`(${this.name}) Entering FAULT STATE`);
      this.sendAdv(0);
    }
    this.restoreInterface(advF, false);
    this.setState(this.wantState);
    this.msDownTimer = this.downTimer();
    this.initSands();
    this.stats.releaseMaster++;
  }

  private leaveFault(): void {
    if (this.wantState === 'MASTER') this.gotoMaster();
    else {
      if (this.state !== this.wantState) this.env.log(`(${this.name}) Entering ${this.wantState === 'BACKUP' ? 'BACKUP' : 'FAULT'} STATE`);
      if (this.wantState === 'FAULT' && this.state === 'MASTER') {
        this.sendAdv(0);
        this.restoreInterface(false, false);
      }
      this.setState(this.wantState);
      if (this.state === 'BACKUP') this.preemptTime = 0;
    }
    this.masterAdverInt = this.s.adverInt;
    this.msDownTimer = this.downTimer();
    this.initSands();
  }

  private sendAdv(priority: number): void {
    this.ipId = (this.ipId + 1) & 0xffff;
    if (this.ipId === 0) this.ipId = 1; // the kernel fills in an id left at 0
    this.stats.advertSent++;
    this.env.sendAdvert(priority, this.ipId);
  }

  // ---- receive (vrrp_dispatcher_read) ----

  /** An advert for our VRID arrived on our interface. */
  receive(a: ReceivedAdvert): void {
    if (this.halted || this.state === 'FAULT' || this.state === 'INIT') return;
    this.stats.advertRcvd++;
    if (this.state === 'BACKUP') this.backupRx(a);
    else if (this.state === 'MASTER' && this.masterRx(a)) this.leaveMaster(false);
    if (this.state !== 'MASTER' || !this.s.lowerPrioNoAdvert) this.initSands();
  }

  private check(a: ReceivedAdvert, checkVipAddr: boolean) {
    return checkAdvert(
      { name: this.name, version: this.s.version, authType: this.s.authType, authPass: this.s.authPass, adverInt: this.s.adverInt, vips: this.s.vips.map((v) => v.ip), unicast: this.s.unicastPeers.length > 0 },
      a,
      checkVipAddr,
      (m) => this.env.log(m),
    );
  }

  /** vrrp_state_backup. */
  private backupRx(a: ReceivedAdvert): void {
    const now = this.env.now();
    const checkAddr = !this.s.skipCheckAdvAddr || this.masterSaddr !== a.src;
    let ignore = false;
    if (this.check(a, checkAddr) !== 'ok') ignore = true;
    else if (a.priority === 0) {
      this.detail(`(${this.name}) Backup received priority 0 advertisement`);
      this.msDownTimer = this.skew();
    } else if (this.s.nopreempt || a.priority >= this.effectivePriority || (this.s.preemptDelay && (!this.preemptTime || this.preemptTime > now))) {
      this.msDownTimer = this.downTimer();
      this.masterSaddr = a.src;
      this.masterPriority = a.priority;
      if (this.s.preemptDelay) {
        if (a.priority >= this.effectivePriority) {
          if (this.preemptTime) {
            this.detail(`(${this.name}) stop preempt delay`);
            this.preemptTime = 0;
          }
        } else if (!this.preemptTime) {
          const d = this.s.preemptDelay;
          this.detail(`(${this.name}) start preempt delay (${Math.floor(d / 1_000_000)}.${String(d % 1_000_000).padStart(6, '0')})`);
          this.preemptTime = now + d;
        }
      }
      this.wantState = 'BACKUP';
    } else {
      this.env.log(`(${this.name}) received lower priority (${a.priority}) advert from ${formatIpv4(a.src)} - discarding`);
      ignore = true;
      this.masterSaddr = a.src;
    }
    if (ignore) this.msDownTimer = Math.max(0, (this.sands ?? now) - now);
  }

  /** vrrp_state_master_rx: true means leave MASTER for BACKUP. */
  private masterRx(a: ReceivedAdvert): boolean {
    if (this.check(a, true) !== 'ok') return false;
    const ours = this.env.saddr() ?? 0;
    const addrCmp = a.src > ours ? 1 : a.src < ours ? -1 : 0;
    const eff = this.effectivePriority;
    if (a.priority === 0 || (this.s.higherPrioSendAdvert && (a.priority > eff || (a.priority === eff && addrCmp > 0)))) {
      this.sendAdv(eff);
      if (a.priority === 0) {
        this.detail(`(${this.name}) Master received priority 0 message`);
        return false;
      }
    }
    if (a.priority === eff) {
      if (addrCmp === 0) this.env.log(`(${this.name}) WARNING - equal priority advert received from remote host with our IP address.`);
      else if (eff === VRRP_PRIO_OWNER) {
        this.env.log(`(${this.name}) CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority`);
        this.effectivePriority = VRRP_PRIO_OWNER - 1;
      }
    }
    const e = this.effectivePriority;
    if (a.priority < e || (a.priority === e && addrCmp < 0)) {
      this.env.log(`(${this.name}) Received advert from ${formatIpv4(a.src)} with lower priority ${a.priority}, ours ${e}${!this.s.lowerPrioNoAdvert ? ', forcing new election' : ''}`);
      if (!this.s.lowerPrioNoAdvert) this.sendAdv(e);
      if (this.s.garpLowerPrioRep) {
        this.sendLinkUpdate(this.s.garpLowerPrioRep);
        if (this.s.garpLowerPrioDelay) this.garpLater(this.s.garpLowerPrioDelay, this.s.garpLowerPrioRep);
      }
      return false;
    }
    if (a.priority > e || (a.priority === e && addrCmp > 0)) {
      if (a.priority > e) this.env.log(`(${this.name}) Master received advert from ${formatIpv4(a.src)} with higher priority ${a.priority}, ours ${e}`);
      else this.env.log(`(${this.name}) Master received advert from ${formatIpv4(a.src)} with same priority ${a.priority} but higher IP address than ours`);
      this.msDownTimer = this.downTimer();
      this.masterPriority = a.priority;
      this.wantState = 'BACKUP';
      this.setState('BACKUP');
      return true;
    }
    return false;
  }

  // ---- interface tracking (down_instance / try_up_instance) ----

  linkDown(): void {
    if (this.numFault++ === 0 || this.state === 'INIT') {
      this.wantState = 'FAULT';
      if (this.state === 'MASTER') this.leaveMaster(true);
      else this.leaveFault();
    }
  }

  linkUp(): void {
    if (this.numFault === 0 || --this.numFault) return;
    const owner = this.s.basePriority === VRRP_PRIO_OWNER;
    this.wantState = this.s.wantState === 'MASTER' && owner ? 'MASTER' : 'BACKUP';
    this.masterAdverInt = this.s.adverInt;
    this.leaveFault();
  }

  // ---- stop ----

  /** SIGTERM (restore_vrrp_interfaces): a MASTER says priority 0 and removes its VIPs. */
  shutdown(): void {
    if (this.state === 'MASTER') this.restoreInterface(true, false);
    this.halt();
  }

  /** SIGKILL: timers stop, nothing on the host is undone. */
  halt(): void {
    this.halted = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const c of this.garpTimers) c();
    this.garpTimers = [];
    this.sands = null;
  }
}
