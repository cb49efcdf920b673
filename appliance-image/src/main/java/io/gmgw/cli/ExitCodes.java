package io.gmgw.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exit codes a command's help lists besides 0: those its description, its verdicts and its own failures name.
 * The launcher renders them with their meanings from {@link ExitCode} under a pointer to {@code gmgw help exit-codes},
 * which lists them all; a command without this annotation lists 0 only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExitCodes {
    ExitCode[] value();
}
