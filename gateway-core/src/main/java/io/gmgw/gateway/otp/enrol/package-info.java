/**
 * Enrolment of dynamic tokens into the token store: vendor seed files (seeds encrypted under a transport key, read
 * record by record with an error per bad line, imported all or nothing) and soft tokens whose seed is shown once for
 * an app. See docs/otp.md.
 */
package io.gmgw.gateway.otp.enrol;
