/**
 * What the commands that talk to a running gateway share ({@code gmgw status}, {@code gmgw sessions ...}, later the
 * IPsec and appliance commands): the {@code --socket} option, the connection with its exit codes, text tables.
 */
package io.gmgw.cli.control;
