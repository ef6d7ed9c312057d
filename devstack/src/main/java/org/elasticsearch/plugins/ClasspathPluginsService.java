package org.elasticsearch.plugins;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

/**
 * A plugins service that instantiates plugin classes found on the class path, with a descriptor made up for each
 * (as the server's own test framework does), instead of loading plugin directories into module layers.
 *
 * <p>It lives in {@code org.elasticsearch.plugins} because {@code PluginsService.LoadedPlugin}, the type of
 * {@link #plugins()}, and the {@code PluginsLoader} constructor are package-private.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment,
            Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                    pluginClass.getName(),
                    "loaded from the class path",
                    "NA",
                    Build.current().version(),
                    Integer.toString(Runtime.version().feature()),
                    pluginClass.getName(),
                    null,
                    List.of(),
                    false,
                    false,
                    false,
                    false);
            loaded.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader()));
        }
        loadExtensions(loaded);
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(
                classpathPlugins.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(),
                List.of());
    }

    /**
     * Every plugin here shares one class loader, so each one "finds" every service provider file on the class path.
     * Keep one instance per implementation class, and skip implementations whose one-argument constructor wants
     * another plugin than the one at hand.
     */
    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> providers = new LinkedHashMap<>();
        for (LoadedPlugin loaded : classpathPlugins) {
            Plugin plugin = loaded.instance();
            SPIClassIterator<T> classes = SPIClassIterator.get(service, plugin.getClass().getClassLoader());
            while (classes.hasNext()) {
                Class<? extends T> implementation = classes.next();
                if (!providers.containsKey(implementation) && accepts(implementation, plugin)) {
                    providers.put(implementation, createExtension(implementation, service, plugin));
                }
            }
        }
        return List.copyOf(providers.values());
    }

    private static boolean accepts(Class<?> implementation, Plugin plugin) {
        for (Constructor<?> constructor : implementation.getConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] != plugin.getClass()) {
                return false;
            }
        }
        return true;
    }
}
