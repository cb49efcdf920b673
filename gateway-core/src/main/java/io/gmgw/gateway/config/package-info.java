/**
 * The gateway's configuration: one YAML file ({@code conf/gateway.yaml}, every key in {@code docs/gateway.md}) bound
 * to immutable records ({@link io.gmgw.gateway.config.GatewayConfig} and its parts) and validated before anything
 * starts. {@link io.gmgw.gateway.config.GatewayConfigLoader} collects every error, each as
 * {@code FILE:LINE:COLUMN: what is wrong; what to write instead}, and throws them together
 * ({@link io.gmgw.gateway.config.ConfigException}).
 *
 * <p>SnakeYAML Engine composes the file into a node tree (no objects are constructed from tags, no environment
 * variables are substituted, anchors and aliases are refused); the binders here walk the tree against
 * {@link io.gmgw.gateway.config.GatewaySchema}, the one list of keys, types and defaults.
 */
package io.gmgw.gateway.config;
