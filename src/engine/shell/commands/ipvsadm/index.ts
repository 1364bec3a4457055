/** ipvsadm (the `ipvsadm` package): each file registers itself. */
import './ipvsadm';
