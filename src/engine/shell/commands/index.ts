/** Importing this registers every command with the shell (see ../registry.ts). One import per command group. */
import './coreutils';
import './net';
import './diag';
import './ipvsadm';
import './web';
import './firewall';
import './sockets';
import './ha';
import './editor';
