/** {@code gmgw status}: the running gateway's state, over its control socket. */
package io.gmgw.cli.status;
