import type { NodeDoc, ScenarioDocV1 } from '../engine/scenario/types';
import { nextHop } from './next-hop';

/** A small stand-in for www.baidu.com's home page (the real one is ~14 kB). */
const BAIDU_PAGE = `<!DOCTYPE html>
<!--STATUS OK--><html> <head><meta http-equiv=content-type content=text/html;charset=utf-8><meta content=always name=referrer><title>百度一下，你就知道</title></head>
<body link=#0000cc> <div id=wrapper> <div id=head> <div class=s_form> <form id=form name=f action=//www.baidu.com/s class=fm>
<input type=hidden name=bdorz_come value=1> <input id=kw name=wd class=s_ipt value maxlength=255 autocomplete=off autofocus>
<input type=submit id=su value=百度一下 class="bg s_btn"> </form> </div> </div>
<div id=ftCon> <p id=cp>&copy;2017&nbsp;Baidu&nbsp;<a href=http://www.baidu.com/duty/>使用百度前必读</a></p> </div> </div> </body> </html>
`;

const withWebServer = (n: NodeDoc): NodeDoc =>
  n.id === 'web' ? { ...n, packages: ['httpd'], files: { '/var/www/html/index.html': BAIDU_PAGE }, boot: ['service httpd start'] } : n;

/** Lab L1: an HTTP request typed by hand over bash's /dev/tcp, to www.baidu.com across the next-hop network. */
export const rawHttp: ScenarioDocV1 = {
  ...nextHop,
  id: 'raw-http',
  title: { en: 'Layers: a raw HTTP request over a socket', zh: '分层：用套接字手写一个 HTTP 请求' },
  description: {
    en: "The next-hop network with www.baidu.com's web server answering. On the client type the notes' sequence: `cd /proc/$$/fd`, `exec 8<> /dev/tcp/www.baidu.com/80` (DNS, then the kernel's three-way handshake — before any data), `echo -e 'GET / HTTP/1.0\\n' >& 8` (the request leaves only now), `cat <& 8` (the response: status line, headers, page), `exec 8<& -` (the close). `ls -l /proc/$$/fd` shows fd 8 as a socket, and `netstat -natp` shows it ESTABLISHED: a socket is local IP:port + remote IP:port.",
    zh: '在 next-hop 网络的基础上，www.baidu.com 的 Web 服务器正在运行。在 client 上按笔记输入：`cd /proc/$$/fd`，`exec 8<> /dev/tcp/www.baidu.com/80`（先做 DNS 解析，然后内核完成三次握手——此时还没有任何数据），`echo -e \'GET / HTTP/1.0\\n\' >& 8`（请求这时才发出），`cat <& 8`（读取响应：状态行、响应头和网页），`exec 8<& -`（关闭连接）。`ls -l /proc/$$/fd` 可以看到 8 号文件描述符是一个 socket，`netstat -natp` 显示它处于 ESTABLISHED 状态：一个套接字由本地 IP:端口 + 远端 IP:端口 唯一确定。',
  },
  nodes: nextHop.nodes.map(withWebServer),
};
