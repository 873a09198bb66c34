# syntax=docker/dockerfile:1
# The pulse executable as a container image: every command (init, run, sink, dashboard, simulate, alerts).
#   docker build -t pulse:dev .
#   docker run --rm pulse:dev --help
# compose/docker-compose.yml builds and runs it; docs/DEPLOY.md says how.

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.100-noble
ARG DOTNET_RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.0-noble

FROM ${DOTNET_SDK_IMAGE} AS build
# Node.js builds the dashboard's pages (web/dashboard, from its package-lock.json) during the Host's build.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files alone, so a source change does not download every package again.
COPY Directory.Build.props Directory.Packages.props Version.props ./
COPY src/Directory.Build.props src/
COPY src/Host/Host.csproj src/Host/
COPY src/Streams/Streams.csproj src/Streams/
COPY src/Streams.Testing/Streams.Testing.csproj src/Streams.Testing/
COPY src/Schemas/Schemas.csproj src/Schemas/
COPY src/Schemas.Generator/Schemas.Generator.csproj src/Schemas.Generator/
COPY src/Vitals/Vitals.csproj src/Vitals/
RUN dotnet restore src/Host/Host.csproj -r linux-x64
COPY . .
RUN dotnet publish src/Host/Host.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app \
 && rm -rf /app/runtimes/win-* /app/runtimes/osx-* /app/runtimes/linux-arm64 /app/runtimes/linux-s390x

FROM ${DOTNET_RUNTIME_IMAGE} AS runtime
# librdkafka (Confluent.Kafka) links libsasl2 (SASL/GSSAPI) and verifies brokers' certificates against the system's
# CA bundle; RocksDB's library needs only libc and libgcc, which the image has. curl answers the health check.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsasl2-2 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# State (RocksDB stores, checkpoints) and the archive's Parquet files live under /var/lib/pulse; the image runs as the
# unprivileged user the .NET images provide ($APP_UID, "app").
RUN mkdir -p /var/lib/pulse/state /var/lib/pulse/archive && chown -R ${APP_UID}:${APP_UID} /var/lib/pulse
USER ${APP_UID}
ENV DOTNET_gcServer=0 \
    PULSE__Streams__StateDir=/var/lib/pulse/state \
    PULSE__Http__Address=http://0.0.0.0:9464
EXPOSE 9464 8080
# /healthz answers while the process is alive and its host runs (docs/OPERATIONS.md); commands without a listener
# (init, simulate) are one-shot or disable the check in compose.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9464/healthz || exit 1
ENTRYPOINT ["/app/pulse"]
CMD ["--help"]
