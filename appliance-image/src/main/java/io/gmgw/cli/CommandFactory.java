package io.gmgw.cli;

import java.lang.reflect.Constructor;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Creates commands, mixins and providers for picocli. A class with a constructor taking {@link Bootstrap} gets the
 * launcher's; any other class is created by picocli's default factory. This is how commands that need the
 * cryptographic module receive it without a static singleton.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Bootstrap bootstrap;

    CommandFactory(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withBootstrap;
        try {
            withBootstrap = type.getDeclaredConstructor(Bootstrap.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
        withBootstrap.setAccessible(true);
        return withBootstrap.newInstance(bootstrap);
    }
}
