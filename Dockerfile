# The itsm command line as an image: docker-compose.yml's one-shot setup service runs it (and the HTTP ingest
# gateway will, see the gateway issue). Build: `docker compose build` or `docker build -t itsm:0.1.0-SNAPSHOT .`.
# The jobs do not run from this image: Flink's own image runs them, with the job jar mounted.
# The class path includes devstack and with it the Elasticsearch server jars (under Elastic's licences): build this
# image for your own use, do not publish it.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# cli/target/classpath.txt is the CLI's runtime class path (maven-dependency-plugin, as ./itsm uses it)
RUN mvn -B -q -DskipTests package \
 && mkdir -p /opt/itsm/lib \
 && tr ':' '\n' < cli/target/classpath.txt | xargs -I{} cp {} /opt/itsm/lib/ \
 && cp cli/target/itsm-cli-*.jar /opt/itsm/lib/

FROM eclipse-temurin:17.0.15_6-jre-noble
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/itsm/lib /opt/itsm/lib
COPY deploy/setup/setup.sh /opt/itsm/setup.sh
RUN printf '#!/bin/sh\nexec java ${ITSM_JAVA_OPTS:-} -cp "/opt/itsm/lib/*" dev.itsm.cli.Itsm "$@"\n' > /usr/local/bin/itsm \
 && chmod 755 /usr/local/bin/itsm /opt/itsm/setup.sh
USER ubuntu
ENTRYPOINT ["itsm"]
CMD ["--help"]
