import { kernelRing } from '../../../os/syslog';
import { MICROS_PER_SEC } from '../../../sim/time';
import { formatMac } from '../../../wire/addr';
import { sync, type CommandContext } from '../../command';
import { register } from '../../registry';
import { KERNEL_RELEASE, KERNEL_VERSION } from './uname';

/** The kernel had been up this long when the lab's clock starts (boot lines come before it). */
const UPTIME_AT_T0 = 8 * MICROS_PER_SEC;

/** `[    4.567890] ` — seconds since the kernel booted. */
const stamp = (us: number): string => `[${String(Math.floor(us / MICROS_PER_SEC)).padStart(5)}.${String(us % MICROS_PER_SEC).padStart(6, '0')}] `;

/** dmesg(1): a few lines of the boot log (kernel, e1000 NICs), then what the kernel logged since (IPVS...). */
function dmesg(ctx: CommandContext): number {
  if (ctx.argv.includes('-c') || ctx.argv.includes('-C')) return 0;
  const boot: Array<[number, string]> = [
    [0, 'Initializing cgroup subsys cpuset'],
    [0, 'Initializing cgroup subsys cpu'],
    [0, 'Initializing cgroup subsys cpuacct'],
    [0, `Linux version ${KERNEL_RELEASE} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) ${KERNEL_VERSION}`],
    [0, `Command line: BOOT_IMAGE=/vmlinuz-${KERNEL_RELEASE} root=/dev/mapper/centos-root ro crashkernel=auto rd.lvm.lv=centos/root rd.lvm.lv=centos/swap rhgb quiet LANG=en_US.UTF-8`],
    [1_372_411, 'e1000: Intel(R) PRO/1000 Network Driver - version 7.3.21-k8-NAPI'],
    [1_372_415, 'e1000: Copyright (c) 1999-2006 Intel Corporation.'],
  ];
  let t = 1_735_114;
  let slot = 1;
  for (const nic of ctx.host.nics.values()) {
    const pci = `0000:02:${String(slot++).padStart(2, '0')}.0`;
    boot.push([t, `e1000 ${pci} ${nic.name}: (PCI:66MHz:32-bit) ${formatMac(nic.mac)}`], [t + 6, `e1000 ${pci} ${nic.name}: Intel(R) PRO/1000 Network Connection`]);
    t += 361_880;
  }
  for (const nic of ctx.host.nics.values()) {
    boot.push([t + 4_402_201, `IPv6: ADDRCONF(NETDEV_UP): ${nic.name}: link is not ready`], [t + 4_406_830, `e1000: ${nic.name} NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None`]);
    t += 12_000;
  }
  let out = boot.map(([us, text]) => stamp(us) + text + '\n').join('');
  for (const e of kernelRing(ctx.host)) out += stamp(UPTIME_AT_T0 + e.t) + e.text + '\n';
  ctx.out(out);
  return 0;
}

register('dmesg', { run: sync(dmesg), summary: 'print the kernel ring buffer' });
