package dev.itsm.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds the official Elasticsearch client from an {@link ElasticsearchConfig}: hosts, authentication, TLS trust. */
public final class ElasticsearchClients {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int SOCKET_TIMEOUT_MILLIS = 60_000;

    private ElasticsearchClients() {
    }

    /** A low-level REST client; the caller closes it. */
    public static RestClient restClient(ElasticsearchConfig config) {
        HttpHost[] hosts = config.hosts().stream().map(h -> HttpHost.create(h.trim())).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(r -> r.setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setSocketTimeout(SOCKET_TIMEOUT_MILLIS));
        if (config.apiKey() != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + config.apiKey())});
        }
        SSLContext sslContext = config.caCertificate() == null ? null : sslContext(config.caCertificate());
        builder.setHttpClientConfigCallback(http -> {
            if (config.username() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(config.username(), config.password()));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (sslContext != null) {
                http.setSSLContext(sslContext);
            }
            return http;
        });
        return builder.build();
    }

    /** The typed client over a new REST client; closing the client's transport closes the REST client. */
    public static ElasticsearchClient client(ElasticsearchConfig config) {
        return new ElasticsearchClient(new RestClientTransport(restClient(config), new JacksonJsonpMapper()));
    }

    private static SSLContext sslContext(String caCertificate) {
        try {
            return TransportUtils.sslContextFromHttpCaCrt(new File(caCertificate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + caCertificate + " ("
                    + ElasticsearchOptions.CA_CERTIFICATE.key() + ")", e);
        }
    }
}
