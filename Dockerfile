# Builds the migraup binary (and, once present, the web app) into a small image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --package migraup-server --bin migraup

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/migraup migraup && mkdir -p /var/lib/migraup && chown migraup /var/lib/migraup
COPY --from=build /src/target/release/migraup /usr/local/bin/migraup
USER migraup
WORKDIR /var/lib/migraup
ENV MIGRAUP_BIND=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["migraup"]
CMD ["serve"]
