package org.elasticsearch.node;

import java.util.Collection;
import java.util.List;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * An Elasticsearch node whose plugins are classes on the class path instead of directories of a distribution.
 * Used by {@code dev.itsm.devstack.ElasticsearchNodeMain} only.
 *
 * <p>It lives in {@code org.elasticsearch.node} because the hooks it needs are package-private:
 * {@code NodeConstruction.prepareConstruction}, {@code NodeServiceProvider.newPluginService} and the constructor
 * {@code Node(NodeConstruction)}. The server's test framework builds its {@code MockNode} the same way, but that class
 * cannot run outside the randomized test runner.
 */
public class DevstackNode extends Node {

    /**
     * @param environment from {@code InternalSettingsPreparer.prepareEnvironment}
     * @param plugins plugin classes to instantiate, e.g. {@code Netty4Plugin} for HTTP
     */
    public DevstackNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new ClasspathServiceProvider(List.copyOf(plugins)),
                true));
    }

    /**
     * Left empty, as the test framework's node does: the listener only adds the node and cluster ids to log lines
     * and its one-shot registration assumes a single node per class loader.
     */
    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}

    private static final class ClasspathServiceProvider extends NodeServiceProvider {
        private final List<Class<? extends Plugin>> plugins;

        ClasspathServiceProvider(List<Class<? extends Plugin>> plugins) {
            this.plugins = plugins;
        }

        @Override
        PluginsService newPluginService(Environment environment, PluginsLoader pluginsLoader) {
            return new ClasspathPluginsService(environment.settings(), environment, plugins);
        }
    }
}
